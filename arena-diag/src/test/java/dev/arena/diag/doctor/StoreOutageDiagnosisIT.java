package dev.arena.diag.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.diag.cli.support.ExitCodes;
import dev.arena.diag.support.DiagRun;
import dev.arena.fixture.ServerFixture;
import dev.arena.json.Json;
import dev.arena.testkit.PostgresServer;
import dev.arena.testkit.PrivatePostgres;
import dev.arena.testkit.PrivateRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * While the server's store (PostgreSQL) is down: {@code arena diag runs} exits 3 naming the store, never "no runs"
 * with 0; {@code arena diag doctor} reports the store degraded (WARNING, not dead) and every registered server alive
 * and degraded — its liveness and readiness answer within the probe bound although the store hangs connections.
 */
class StoreOutageDiagnosisIT {

    private static final String PASSWORD = "pg-Doctor-Secret-3";

    @RegisterExtension
    static final PrivatePostgres POSTGRES =
            new PrivatePostgres(PostgresServer.builder().password(PASSWORD));

    @RegisterExtension
    static final PrivateRedis REDIS = new PrivateRedis();

    @TempDir
    Path dir;

    @Test
    void storeDown_runsExitsUnavailableNamingTheStore_andDoctorSaysDegradedWithEveryServerAlive() throws Exception {
        PostgresServer pg = POSTGRES.server();
        pg.createDatabase("diag");
        try (ServerFixture fx = ServerFixture.builder(dir)
                .redis(REDIS.server().url())
                .postgres(pg.url("diag"))
                .start()) {
            Map<String, String> env = fx.clientEnv();
            JsonNode healthy =
                    Json.parse(DiagRun.run(env, "doctor", "-o", "json").out());
            assertThat(check(healthy, "store").path("status").asText()).isEqualTo("OK");
            assertThat(check(healthy, "servers").path("status").asText()).isEqualTo("OK");

            pg.stop();
            try {
                DiagRun.Result runs = DiagRun.run(env, "runs");
                assertThat(runs.exitCode()).as(runs.all()).isEqualTo(ExitCodes.UNKNOWN);
                assertThat(runs.err())
                        .contains("answered 503: the store: cannot list runs in postgresql://arena:***@")
                        .doesNotContain(PASSWORD)
                        .doesNotContain("\tat ");
                assertThat(runs.out()).doesNotContain("no runs");

                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    DiagRun.Result doctor = DiagRun.run(env, "doctor", "-o", "json");
                    JsonNode report = Json.parse(doctor.out());
                    assertThat(check(report, "store").path("status").asText())
                            .as(doctor.all())
                            .isEqualTo("WARNING");
                    assertThat(check(report, "store").path("message").asText())
                            .startsWith("degraded: the server's store is down");
                    assertThat(check(report, "servers").path("status").asText())
                            .as(doctor.all())
                            .isEqualTo("WARNING");
                    assertThat(check(report, "servers").path("message").asText())
                            .contains("1 server(s), 0 healthy")
                            .contains("degraded: store down")
                            .doesNotContain("unreachable");
                    assertThat(doctor.exitCode()).isEqualTo(ExitCodes.WARNING);
                    assertThat(doctor.all()).doesNotContain(PASSWORD);
                });
            } finally {
                pg.start();
            }
        }
    }

    private static JsonNode check(JsonNode report, String name) {
        for (JsonNode c : report.path("checks")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + report);
    }
}
