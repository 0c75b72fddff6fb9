package dev.arena.server;

import dev.arena.auth.ReaderGrant;
import dev.arena.broker.RunId;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

/**
 * {@code GET /events}: validates the run and the start seq (Last-Event-ID header, then
 * {@code last_event_id}, then {@code from_seq}), opens the run through {@link RunSources} (live
 * broker or the store's cold path), answers 204 for a finished run past its end, and hands the
 * response to the {@link SseHub}. The reader's token is checked here, once ({@link ReaderGuard}): 401 without a
 * valid one, 403 for a run it does not permit.
 */
final class EventsEndpoint implements Endpoint {

    private final RunSources sources;
    private final SseHub hub;
    private final ReaderGuard guard;

    EventsEndpoint(RunSources sources, SseHub hub, ReaderGuard guard) {
        this.sources = sources;
        this.guard = guard;
        this.hub = hub;
    }

    @Override
    public void handle(Exchange exchange) {
        String rawRun = exchange.query("run_id");
        if (rawRun == null) {
            throw ApiException.badRequest(
                    "query parameter run_id is required, e.g. /events?run_id=3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d");
        }
        RunId run = Exchange.parseRunId(rawRun, "query parameter run_id");
        ReaderGrant grant = guard.authorize(exchange, run);
        long start = startSeq(exchange);

        RunSources.Opened opened = sources.open(run, start);
        if (opened.pastEnd()) {
            exchange.empty(204);
            return;
        }
        StreamSource source = opened.source();
        var response = exchange.response();
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put("X-Accel-Buffering", "no");
        if (HttpMethod.HEAD.is(exchange.request().getMethod())) { // the stream's headers, and no stream
            source.close();
            exchange.empty(200);
            return;
        }
        response.setStatus(200);
        hub.open(
                run,
                start,
                isResume(exchange),
                source,
                response,
                exchange.callback(),
                ReaderSnapshot.who(
                        grant, exchange.request().getConnectionMetaData().getRemoteSocketAddress()),
                grant);
    }

    /** Whether the reader asked for a position (so its first frame is {@code event: resumed}). */
    private static boolean isResume(Exchange exchange) {
        return exchange.request().getHeaders().get("Last-Event-ID") != null
                || exchange.query("last_event_id") != null
                || exchange.query("from_seq") != null;
    }

    private static long startSeq(Exchange exchange) {
        List<String> headers = exchange.request().getHeaders().getValuesList("Last-Event-ID");
        if (headers.size() > 1) {
            throw ApiException.badRequest(
                    "the Last-Event-ID header is given " + headers.size() + " times: send it once");
        }
        String header = headers.isEmpty() ? null : headers.get(0);
        if (header != null) { // present but empty is an error too: a browser never sends an empty Last-Event-ID
            return Exchange.parseLong(header, "Last-Event-ID header", 0, Long.MAX_VALUE - 1) + 1;
        }
        String lastEventId = exchange.query("last_event_id");
        if (lastEventId != null) {
            return Exchange.parseLong(lastEventId, "query parameter last_event_id", 0, Long.MAX_VALUE - 1) + 1;
        }
        return exchange.queryLong("from_seq", 1, 1, Long.MAX_VALUE);
    }
}
