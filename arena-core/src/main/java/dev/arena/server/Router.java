package dev.arena.server;

import dev.arena.config.Secrets;
import dev.arena.error.ArenaException;
import dev.arena.error.Fault;
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
 * into the JSON errors of {@code docs/api.md} ({@link #answer}): unknown path 404, wrong method
 * 405, declared input errors 400, unknown run 404, backend trouble 503 (with {@code Retry-After}), anything else — a bug in
 * the server — 500, logged once with its stack trace (secrets scrubbed from every detail).
 */
final class Router extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    /** The request attribute holding the template of the route a request matched (for {@link RequestTiming}). */
    static final String ROUTE_ATTRIBUTE = "dev.arena.server.route";

    private record Route(String method, String template, String[] pattern, Endpoint endpoint) {
        boolean matches(List<String> segments) {
            if (segments.size() != pattern.length) {
                return false;
            }
            for (int i = 0; i < pattern.length; i++) {
                if (!isParameter(pattern[i]) && !pattern[i].equals(segments.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The {@code Retry-After} of every 503: about one readiness probe period. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final List<Route> routes = new ArrayList<>();
    private final String[] secrets;
    private final AtomicBoolean closing = new AtomicBoolean();

    Router(String... secrets) {
        this.secrets = secrets;
    }

    /**
     * Adds a route; a {@code path} segment {@code {name}} (or {@code *}) matches any single segment.
     * The path as given is the route's template, the {@code route} label of the request metrics.
     */
    Router route(String method, String path, Endpoint endpoint) {
        String[] pattern = path.equals("/") ? new String[0] : path.substring(1).split("/");
        routes.add(new Route(method, path, pattern, endpoint));
        return this;
    }

    private static boolean isParameter(String segment) {
        return segment.equals("*") || (segment.startsWith("{") && segment.endsWith("}"));
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
            boolean isHead = request.getMethod().equals("HEAD"); // a GET without the body (Jetty drops it)
            for (Route route : routes) {
                if (route.matches(segments)) {
                    if (allowed.isEmpty()) { // the first route matching the path names the template
                        request.setAttribute(ROUTE_ATTRIBUTE, route.template());
                    }
                    if (route.method().equals(request.getMethod())
                            || (isHead && route.method().equals("GET"))) {
                        route.endpoint().handle(exchange);
                        return true;
                    }
                    allowed.add(route.method());
                    if (route.method().equals("GET")) {
                        allowed.add("HEAD");
                    }
                }
            }
            if (allowed.isEmpty()) {
                throw ApiException.notFound("no such endpoint: " + request.getMethod() + " "
                        + Exchange.shown(Request.getPathInContext(request)) + " (see docs/api.md)");
            }
            response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", allowed));
            throw new ApiException(
                    405,
                    "method_not_allowed",
                    request.getMethod() + " is not allowed here; use " + String.join(" or ", allowed));
        } catch (Throwable failure) {
            fail(exchange, failure);
        }
        return true;
    }

    /** The status and {@code error} code a failure is answered with. */
    record Answer(int status, String code) {}

    /**
     * The one translation of a failure into an HTTP answer: an {@link ApiException} keeps its own
     * status; any other {@link ArenaException} answers by its {@link Fault} (input 400, not found
     * 404, unavailable 503, configuration or internal 500); anything else is a bug, 500.
     */
    static Answer answer(Throwable failure) {
        if (failure instanceof ApiException api) {
            return new Answer(api.status(), api.code());
        }
        if (failure instanceof ArenaException arena) {
            return switch (arena.fault()) {
                case INPUT -> new Answer(400, "bad_request");
                case NOT_FOUND -> new Answer(404, "not_found");
                case UNAVAILABLE -> new Answer(503, "unavailable");
                case CONFIGURATION, INTERNAL -> new Answer(500, "internal");
            };
        }
        return new Answer(500, "internal");
    }

    private void fail(Exchange exchange, Throwable failure) {
        Answer answer = answer(failure);
        String detail = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        if (!(failure instanceof ApiException)) {
            if (answer.status() == 503) {
                LOG.warn("backend failure on {}: {}", path(exchange), Secrets.scrub(detail, secrets));
            } else if (answer.status() >= 500) {
                // The only place a failure inside the server is logged: once, with its stack trace.
                LOG.error(
                        "unexpected failure on {}: {}",
                        path(exchange),
                        Secrets.scrub(String.valueOf(failure), secrets),
                        failure);
            }
        }
        if (exchange.response().isCommitted()) {
            exchange.callback().failed(failure);
            return;
        }
        if (answer.status() == 503) {
            // a dependency away or a shutdown: worth retrying, here or on another server, after a short while
            exchange.response().getHeaders().put(HttpHeader.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
        }
        exchange.error(answer.status(), answer.code(), Secrets.scrub(detail, secrets));
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
