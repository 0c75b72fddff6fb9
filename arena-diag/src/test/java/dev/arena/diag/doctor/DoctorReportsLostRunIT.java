package dev.arena.diag.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.Subscription;
import dev.arena.diag.cli.support.ExitCodes;
import dev.arena.diag.support.DiagRun;
import dev.arena.fixture.ServerFixture;
import dev.arena.json.Json;
import dev.arena.testkit.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After Redis lost an open run's keys (here FLUSHALL on a Redis without AOF), {@code doctor}
 * reports the lost run as CRITICAL and names the likely cause, rather than blaming
 * {@code ARENA_STREAM_MAXLEN}.
 */
class DoctorReportsLostRunIT {

    @TempDir
    Path dir;

    @Test
    void runLostByFlushAll_doctorIsCriticalNamingTheCause() throws Exception {
        try (RedisServer redis = RedisServer.startNew()) {
            try (ServerFixture server =
                    ServerFixture.builder(dir).redis(redis.url()).start()) {
                EventBroker broker = server.broker;
                RunId run = RunId.random();
                broker.openRun(run, Map.of()).get(10, TimeUnit.SECONDS);
                try (Subscription reader = broker.subscribe(run, 1)) {
                    assertThat(reader.take(Duration.ofSeconds(10)).seq()).isEqualTo(1);
                    redis.flushAll();
                    await().atMost(Duration.ofSeconds(20))
                            .until(() -> broker.metrics().runsLost() == 1);
                }

                Map<String, String> diagEnv = new HashMap<>(server.clientEnv());
                diagEnv.put("ARENA_DB", dir.resolve("arena.duckdb").toString());
                DiagRun.Result doctor = DiagRun.run(diagEnv, "doctor", "--output", "json");
                assertThat(doctor.exitCode()).as(doctor.all()).isEqualTo(ExitCodes.CRITICAL);
                JsonNode lost = null;
                for (JsonNode check : Json.parse(doctor.out()).get("checks")) {
                    if (check.path("name").asText().equals("runs_lost")) {
                        lost = check;
                    }
                }
                assertThat(lost).as(doctor.out()).isNotNull();
                assertThat(lost.path("status").asText()).isEqualTo("CRITICAL");
                assertThat(lost.path("message").asText())
                        .contains("1 run(s) lost")
                        .contains("Redis restarted without persistence or was flushed")
                        .contains("AOF off");
                assertThat(lost.path("hint").asText())
                        .contains("appendonly yes")
                        .contains("runbooks/redis-operations.md");
                assertThat(doctor.out()).doesNotContain("raise ARENA_STREAM_MAXLEN if it keeps happening");
            }
        }
    }
}
