package dev.arena.app;

import com.sun.net.httpserver.HttpServer;
import dev.arena.wire.Backend;
import dev.arena.wire.ServerMetrics;
import dev.arena.wire.WireJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The training run the {@code ./arena} launcher makes its class-data sharing archive from
 * ({@code java -XX:DumpLoadedClassList=… -cp arena.jar dev.arena.app.ArchiveTraining}, then {@code -Xshare:dump} from
 * that list into one static archive): the short commands an
 * on-call engineer repeats, run the way they run for real, so the archive holds the classes of their whole path —
 * the answer read and printed, not only the failure to connect. {@code diag metrics} asks a stand-in server on a
 * loopback port that answers {@code GET /metrics}; {@code diag doctor} finds no server and no Redis. Nothing is
 * printed and nothing outside this process is contacted.
 */
public final class ArchiveTraining {

    private ArchiveTraining() {}

    public static void main(String[] args) throws IOException {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        System.setOut(quiet);
        System.setErr(quiet);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] metrics = WireJson.write(new ServerMetrics(
                        1, 1, 0, 1, 0, 0, 0, 0, 0, 0, Backend.REDIS, Instant.now(), 1, 0, 0, 0.0, 10_000, null, 0))
                .getBytes(StandardCharsets.UTF_8);
        server.createContext("/metrics", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, metrics.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(metrics);
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        try {
            for (List<String> command : List.of(
                    List.of("diag", "metrics", "--server", url),
                    List.of("diag", "doctor", "--server", "http://127.0.0.1:9", "--redis", "redis://127.0.0.1:9/0"))) {
                ArenaMain.launch(command.toArray(String[]::new), Map.of(), quiet);
            }
        } finally {
            server.stop(0);
        }
    }
}
