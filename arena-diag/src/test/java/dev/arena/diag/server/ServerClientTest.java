package dev.arena.diag.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.broker.RunId;
import dev.arena.testkit.CannedHttpServer;
import dev.arena.wire.Health;
import dev.arena.wire.HealthStatus;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the client reads the wire records and the error bodies of a server that answers canned JSON. */
class ServerClientTest {

    private CannedHttpServer http;
    private ServerClient client;

    @BeforeEach
    void start() throws IOException {
        http = CannedHttpServer.start();
        client = new ServerClient(http.url(), null, Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        client.close();
        http.close();
    }

    @Test
    void health_503Degraded_isReturnedNotThrown() {
        http.answer(
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
        http.answer("/debug/forks", 503, "{\"error\":\"unavailable\",\"detail\":\"the server is shutting down\"}");

        assertThatThrownBy(() -> client.forks()).isInstanceOfSatisfying(ServerErrorException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.error()).isEqualTo("unavailable");
            assertThat(e.getMessage()).contains("the server is shutting down");
        });
    }

    @Test
    void unknownRun_isEmpty() {
        http.answer("/runs/", 404, "{\"error\":\"not_found\",\"detail\":\"unknown run\"}");

        assertThat(client.run(RunId.random())).isEmpty();
    }

    @Test
    void aBodyThatIsNotTheWireRecord_isABadResponse() {
        http.answer("/metrics", 200, "{\"events_published\":\"lots\"}");

        assertThatThrownBy(() -> client.metrics()).isInstanceOfSatisfying(ServerErrorException.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.error()).isEqualTo("bad_response");
            assertThat(e.getMessage()).contains("events_published");
        });
    }
}
