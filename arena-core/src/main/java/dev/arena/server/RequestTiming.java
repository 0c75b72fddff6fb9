package dev.arena.server;

import dev.arena.time.Ticker;
import io.prometheus.metrics.core.metrics.Histogram;
import java.util.Set;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Times every exchange, from the request reaching the server's handler to its response completing,
 * into {@code arena_http_request_duration_seconds}. Labels stay bounded: the route template the
 * {@link Router} matched (never the raw path, which carries run ids), {@code unmatched} when no
 * route matched or the request was refused before routing, the method if it is a standard one
 * ({@code other} otherwise) and the status code.
 */
final class RequestTiming extends Handler.Wrapper {

    static final String UNMATCHED = "unmatched";
    private static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT");

    private final Histogram duration;
    private final Ticker ticker;

    RequestTiming(Handler handler, Histogram duration, Ticker ticker) {
        super(handler);
        this.duration = duration;
        this.ticker = ticker;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long start = ticker.nanos();
        Callback timed = Callback.from(
                callback.getInvocationType(),
                () -> {
                    observe(request, response.getStatus(), start);
                    callback.succeeded();
                },
                failure -> {
                    // Not committed yet: Jetty's error handler is about to answer 500.
                    observe(request, response.isCommitted() ? response.getStatus() : 500, start);
                    callback.failed(failure);
                });
        return super.handle(request, response, timed);
    }

    private void observe(Request request, int status, long start) {
        double seconds = ticker.since(start).toNanos() / 1e9;
        String method = METHODS.contains(request.getMethod()) ? request.getMethod() : "other";
        Object route = request.getAttribute(Router.ROUTE_ATTRIBUTE);
        duration.labelValues(method, route instanceof String s ? s : UNMATCHED, Integer.toString(status))
                .observe(seconds);
    }
}
