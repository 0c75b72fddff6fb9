package dev.arena.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * {@code GET /watch/{run_id}}: a page a person opens in a browser to follow one run over {@code /ws}, and the two
 * files it loads. The page holds no state on the server: it reconnects with the last seq it showed, so a dropped
 * connection or a restarted server costs neither a gap nor a duplicate. It takes its reader token from the
 * {@code access_token} parameter (then removes it from the address bar) or the {@code arena_token} cookie.
 */
final class WatchPage {

    /** Scripts and styles only from this server, connections only back to it, nothing inline, never framed. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final Map<String, String> TYPES = Map.of(
            "watch.html", "text/html; charset=utf-8",
            "watch.js", "text/javascript; charset=utf-8",
            "watch.css", "text/css; charset=utf-8");

    private final Map<String, byte[]> files;

    WatchPage() {
        this.files = Map.of(
                "watch.html", resource("watch.html"),
                "watch.js", resource("watch.js"),
                "watch.css", resource("watch.css"));
    }

    /** The page; a run id that is not one is answered 400 like every other endpoint taking one. */
    void page(Exchange exchange) {
        exchange.runIdSegment(1);
        send(exchange, "watch.html");
    }

    /** {@code /watch/assets/{file}}: the page's script and style sheet. */
    void asset(Exchange exchange) {
        String name = exchange.segment(2);
        if (!files.containsKey(name) || name.equals("watch.html")) {
            throw new ApiException(404, "not_found", "no watch page file " + Exchange.shown(name));
        }
        send(exchange, name);
    }

    private void send(Exchange exchange, String name) {
        exchange.response().getHeaders().put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        exchange.response().getHeaders().put("X-Content-Type-Options", "nosniff");
        exchange.response().getHeaders().put("Referrer-Policy", "no-referrer");
        exchange.bytes(200, TYPES.get(name), ByteBuffer.wrap(files.get(name)));
    }

    private static byte[] resource(String name) {
        try (InputStream in = WatchPage.class.getResourceAsStream("watch/" + name)) {
            if (in == null) {
                throw new IllegalStateException("watch page file " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read watch page file " + name, e);
        }
    }
}
