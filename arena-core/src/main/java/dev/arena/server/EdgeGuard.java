package dev.arena.server;

import dev.arena.config.HttpEdgeSettings;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The checks every request passes before it reaches an endpoint (docs/api.md, "Requests the
 * server refuses"), so that a web page the operator opens cannot use the server:
 * <ol>
 *   <li>a {@code Host} the {@link HostPolicy} does not answer → 421 (DNS rebinding);</li>
 *   <li>path parameters ({@code /runs/R;x=1}) → 400;</li>
 *   <li>for a state-changing method (anything but GET, HEAD, OPTIONS): an {@code Origin} that is
 *       neither the request's own {@code scheme://host:port} nor a host in
 *       {@code ARENA_ALLOWED_HOSTS} → 403 (cross-site request forgery);</li>
 *   <li>for a WebSocket handshake ({@code /ws}): a cross-site {@code Origin} as above → 403
 *       (cross-site WebSocket hijacking);</li>
 *   <li>for a state-changing method with a body: a {@code Content-Type} other than
 *       {@code application/json} (a charset parameter may say UTF-8) → 415.</li>
 * </ol>
 * A refused request is answered here in the JSON error shape and never reaches the router, an
 * endpoint or the audit log; refusals are the client's fault and are not logged.
 */
final class EdgeGuard extends Handler.Wrapper {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Pattern ORIGIN = Pattern.compile(
            "([a-z][a-z0-9+.-]*)://(\\[[0-9a-f:.]+]|[^\\s:/?#\\[\\]@]+)(?::(\\d{1,5}))?", Pattern.CASE_INSENSITIVE);

    private final HostPolicy hosts;

    EdgeGuard(HostPolicy hosts, Handler next) {
        super(next);
        this.hosts = hosts;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        ApiException refused = refusal(request);
        if (refused != null) {
            new Exchange(request, response, callback, List.of())
                    .error(refused.status(), refused.code(), refused.getMessage());
            return true;
        }
        return super.handle(request, response, callback);
    }

    /** The answer a request is refused with, or null when it may pass. */
    ApiException refusal(Request request) {
        String hostHeader = request.getHeaders().get(HttpHeader.HOST);
        HostPolicy.Authority host = null;
        if (hostHeader != null) { // HTTP/1.1 without Host is already a 400 from Jetty; HTTP/1.0 may omit it
            host = HostPolicy.parseAuthority(hostHeader);
            if (host == null
                    || !hosts.answers(
                            host.host(), request.getConnectionMetaData().getLocalSocketAddress())) {
                return new ApiException(
                        421,
                        "misdirected_request",
                        "this server does not answer the host name '"
                                + Exchange.shown(hostHeader) + "' (Host header): it answers its loopback names "
                                + "(localhost, 127.0.0.1, [::1]) and the names in ARENA_ALLOWED_HOSTS; to reach it by this name, "
                                + "add the name to ARENA_ALLOWED_HOSTS on the server");
            }
        }
        String rawPath = request.getHttpURI().getPath();
        if (request.getHttpURI().getParam() != null || (rawPath != null && rawPath.indexOf(';') >= 0)) {
            return ApiException.badRequest("path parameters (';' in the path) are not supported: '"
                    + Exchange.shown(rawPath == null ? "" : rawPath) + "'; remove everything from ';' to the next '/'");
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (isWebSocketUpgrade(request)) {
            if (origin != null && !sameOrTrustedOrigin(origin, request, host)) {
                return new ApiException(
                        403,
                        "forbidden",
                        "cross-site WebSocket refused: Origin '" + Exchange.shown(origin)
                                + "' is not this server; a WebSocket is only accepted from the server's own origin "
                                + "or from a host in ARENA_ALLOWED_HOSTS (clients that are not browsers send no Origin header)");
            }
            return null;
        }
        if (SAFE_METHODS.contains(request.getMethod())) {
            return null;
        }
        if (origin != null && !sameOrTrustedOrigin(origin, request, host)) {
            return new ApiException(
                    403,
                    "forbidden",
                    "cross-site request refused: Origin '" + Exchange.shown(origin)
                            + "' is not this server; " + request.getMethod()
                            + " is only accepted from the server's own origin or from a host "
                            + "in ARENA_ALLOWED_HOSTS (clients that are not browsers send no Origin header)");
        }
        if (hasBody(request)) {
            String problem = contentTypeProblem(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
            if (problem != null) {
                return new ApiException(
                        415,
                        "unsupported_media_type",
                        request.getMethod() + " "
                                + Exchange.shown(Request.getPathInContext(request))
                                + " takes a JSON body: send 'Content-Type: application/json' ("
                                + problem + ")");
            }
        }
        return null;
    }

    private boolean sameOrTrustedOrigin(String origin, Request request, HostPolicy.Authority host) {
        Matcher m = ORIGIN.matcher(origin.trim());
        if (!m.matches()) {
            return false; // includes "null": sandboxed frames, file: pages, redirects across origins
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        String originHost = HttpEdgeSettings.normalize(m.group(2));
        if (originHost == null) {
            return false;
        }
        if (hosts.isConfigured(originHost)) {
            return true;
        }
        if (host == null) {
            return false;
        }
        String ownScheme = request.getHttpURI().getScheme() == null
                ? "http"
                : request.getHttpURI().getScheme().toLowerCase(Locale.ROOT);
        int originPort = m.group(3) == null ? defaultPort(scheme) : Integer.parseInt(m.group(3));
        return scheme.equals(ownScheme)
                && originHost.equals(HttpEdgeSettings.normalize(host.host()))
                && originPort == host.portOr(defaultPort(ownScheme));
    }

    /** An HTTP/1.1 WebSocket handshake: a page's script can open one to any site, so its Origin is checked. */
    private static boolean isWebSocketUpgrade(Request request) {
        String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }

    private static boolean hasBody(Request request) {
        return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    /** Why {@code contentType} is not JSON in UTF-8, or null when it is. */
    static String contentTypeProblem(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "the request has a body but no Content-Type";
        }
        String[] parts = contentType.split(";", -1);
        String mime = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!mime.equals("application/json")) {
            return "got '" + Exchange.shown(contentType) + "'";
        }
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim();
            int eq = param.indexOf('=');
            if (eq > 0 && param.substring(0, eq).trim().equalsIgnoreCase("charset")) {
                String charset = param.substring(eq + 1).trim().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    return "got charset '" + Exchange.shown(charset) + "'; bodies are read as UTF-8";
                }
            }
        }
        return null;
    }

    private static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : 80;
    }
}
