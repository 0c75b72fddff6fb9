package dev.arena.server;

import dev.arena.broker.BrokerException;
import dev.arena.broker.UnknownRunException;
import dev.arena.config.Secrets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches by method and path to one {@link Endpoint} per route and translates failures once
 * into the JSON errors of {@code docs/api.md}: unknown path 404, wrong method 405, bad input 400,
 * unknown run 404, backend trouble 503, anything else 500 (secrets scrubbed from every detail).
 */
final class Router extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private record Route(String method, String[] pattern, Endpoint endpoint) {
        boolean matches(List<String> segments) {
            if (segments.size() != pattern.length) {
                return false;
            }
            for (int i = 0; i < pattern.length; i++) {
                if (!pattern[i].equals("*") && !pattern[i].equals(segments.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Route> routes = new ArrayList<>();
    private final String[] secrets;
    private final AtomicBoolean closing = new AtomicBoolean();

    Router(String... secrets) {
        this.secrets = secrets;
    }

    /** Adds a route; {@code path} segments of {@code *} match any single segment. */
    Router route(String method, String path, Endpoint endpoint) {
        String[] pattern = path.equals("/") ? new String[0] : path.substring(1).split("/");
        routes.add(new Route(method, pattern, endpoint));
        return this;
    }

    /** From now on every new request gets 503 (the server is shutting down). */
    void refuseNewRequests() {
        closing.set(true);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        List<String> segments = segments(Request.getPathInContext(request));
        Exchange exchange = new Exchange(request, response, callback, segments);
        try {
            if (closing.get()) {
                throw new ApiException(503, "unavailable", "the server is shutting down");
            }
            Set<String> allowed = new LinkedHashSet<>();
            for (Route route : routes) {
                if (route.matches(segments)) {
                    if (route.method().equals(request.getMethod())) {
                        route.endpoint().handle(exchange);
                        return true;
                    }
                    allowed.add(route.method());
                }
            }
            if (allowed.isEmpty()) {
                throw ApiException.notFound("no such endpoint: " + request.getMethod() + " "
                        + Exchange.shown(Request.getPathInContext(request)) + " (see docs/api.md)");
            }
            response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", allowed));
            throw new ApiException(405, "method_not_allowed", request.getMethod() + " is not allowed here; use "
                    + String.join(" or ", allowed));
        } catch (Throwable failure) {
            fail(exchange, failure);
        }
        return true;
    }

    private void fail(Exchange exchange, Throwable failure) {
        int status;
        String code;
        String detail = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        if (failure instanceof ApiException api) {
            status = api.status();
            code = api.code();
        } else if (failure instanceof UnknownRunException) {
            status = 404;
            code = "not_found";
        } else if (failure instanceof IllegalArgumentException) {
            status = 400;
            code = "bad_request";
        } else if (failure instanceof BrokerException) {
            status = 503;
            code = "unavailable";
            LOG.warn("backend failure on {}: {}", path(exchange), Secrets.scrub(detail, secrets));
        } else {
            status = 500;
            code = "internal";
            LOG.error("unexpected failure on {}: {}", path(exchange), Secrets.scrub(String.valueOf(failure), secrets), failure);
        }
        if (failure instanceof Error error && !(failure instanceof StackOverflowError)) {
            LOG.error("fatal error on {}", path(exchange), error);
        }
        if (exchange.response().isCommitted()) {
            exchange.callback().failed(failure);
            return;
        }
        exchange.error(status, code, Secrets.scrub(detail, secrets));
    }

    private static String path(Exchange exchange) {
        return exchange.request().getMethod() + " " + Request.getPathInContext(exchange.request());
    }

    static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        if (path == null) {
            return out;
        }
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
