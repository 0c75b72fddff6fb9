package dev.arena.diag.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.arena.broker.RunId;
import dev.arena.wire.Health;
import dev.arena.wire.HealthStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the client reads the wire records and the error bodies of a server that answers canned JSON. */
class ServerClientTest {

    private HttpServer http;
    private ServerClient client;

    @BeforeEach
    void start() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.start();
        client = new ServerClient("http://127.0.0.1:" + http.getAddress().getPort(), null, Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        client.close();
        http.stop(0);
    }

    private void answer(String path, int status, String body) {
        http.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
    }

    @Test
    void health_503Degraded_isReturnedNotThrown() {
        answer(
                "/health",
                503,
                "{\"status\":\"degraded\",\"backend\":\"redis\",\"redis\":{\"url\":\"redis://:***@h:6379/0\","
                        + "\"ping_ms\":null,\"error\":\"refused\"},\"duckdb\":{\"path\":\"db\",\"ok\":true},\"uptime_seconds\":5}");

        Health h = client.health();

        assertThat(h.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(h.redis().error()).isEqualTo("refused");
        assertThat(h.redis().pingMs()).isNull();
    }

    @Test
    void errorBody_givesTheStatusAndTheStableCode() {
        answer("/debug/forks", 503, "{\"error\":\"unavailable\",\"detail\":\"the server is shutting down\"}");

        assertThatThrownBy(() -> client.forks()).isInstanceOfSatisfying(ServerErrorException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.error()).isEqualTo("unavailable");
            assertThat(e.getMessage()).contains("the server is shutting down");
        });
    }

    @Test
    void unknownRun_isEmpty() {
        answer("/runs/", 404, "{\"error\":\"not_found\",\"detail\":\"unknown run\"}");

        assertThat(client.run(RunId.random())).isEmpty();
    }

    @Test
    void aBodyThatIsNotTheWireRecord_isABadResponse() {
        answer("/metrics", 200, "{\"events_published\":\"lots\"}");

        assertThatThrownBy(() -> client.metrics()).isInstanceOfSatisfying(ServerErrorException.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.error()).isEqualTo("bad_response");
            assertThat(e.getMessage()).contains("events_published");
        });
    }
}
