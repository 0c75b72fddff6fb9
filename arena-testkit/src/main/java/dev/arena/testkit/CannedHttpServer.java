package dev.arena.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A loopback HTTP server on a free port that answers a fixed JSON body per path, for tests of how a
 * client reads answers a real Arena server cannot be made to give on cue (a degraded health body, the
 * 409 of a cancel that lost a race). Everything else is tested against a real server
 * ({@code ServerFixture}). Close it after the test.
 */
public final class CannedHttpServer implements AutoCloseable {

    private final HttpServer http;

    private CannedHttpServer(HttpServer http) {
        this.http = http;
    }

    /** Starts one on 127.0.0.1 and a free port, answering 404 until {@link #answer} says otherwise. */
    public static CannedHttpServer start() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.start();
        return new CannedHttpServer(http);
    }

    /** From now on, every request for {@code path} (and below it) is answered {@code status} with {@code json}. */
    public CannedHttpServer answer(String path, int status, String json) {
        http.createContext(path, exchange -> {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        return this;
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
