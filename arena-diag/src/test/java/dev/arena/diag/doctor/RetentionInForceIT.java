package dev.arena.diag.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.Brokers;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.redis.RedisKeys;
import dev.arena.broker.redis.RedisStreamsBroker;
import dev.arena.config.BrokerSettings;
import dev.arena.diag.support.DiagRun;
import dev.arena.fixture.ServerFixture;
import dev.arena.json.Json;
import dev.arena.testkit.MutableClock;
import dev.arena.testkit.PrivateRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server with {@code ARENA_STREAM_MAX_AGE} trims a live run's archived events older than it from Redis (its
 * clock moved by hand) while the run goes on, says so in {@code /metrics} and {@code /runs/{id}}, and
 * {@code arena diag doctor} names both bounds in force on one line of an 80-column table.
 */
class RetentionInForceIT {

    @RegisterExtension
    static final PrivateRedis REDIS = new PrivateRedis();

    @TempDir
    Path dir;

    @Test
    void aServerWithAMaxAge_trimsArchivedEventsByAge_andDoctorNamesBothBounds() throws Exception {
        MutableClock clock = MutableClock.startingNow();
        try (EventBroker producer = RedisStreamsBroker.connect(
                        REDIS.server().url(), Brokers.clientName("arena-test"), BrokerSettings.DEFAULTS, clock);
                ServerFixture fx = ServerFixture.builder(dir)
                        .redis(REDIS.server().url())
                        .env("ARENA_STREAM_MAXLEN", "500")
                        .env("ARENA_STREAM_MAX_AGE", "1h")
                        .env("ARENA_REAPER_GRACE", "1d")
                        .tweak(b -> b.clock(clock).archiveInterval(Duration.ofHours(1)))
                        .start()) {
            RunId run = RunId.random();
            producer.openRun(run, Map.of()).orTimeout(10, TimeUnit.SECONDS).join();
            publish(producer, run, 10); // 1..11
            fx.server.archiveNow();
            clock.advance(Duration.ofHours(2));
            publish(producer, run, 5); // 12..16, two hours later

            fx.server.archiveNow();

            assertThat(REDIS.server().command("XLEN", RedisKeys.events(run))).isEqualTo(":5");
            JsonNode detail = fx.get("/runs/" + run).json();
            assertThat(detail.path("status").asText()).isEqualTo("running");
            assertThat(detail.path("head_seq").asLong()).isEqualTo(12);
            assertThat(detail.path("last_seq").asLong()).isEqualTo(16);
            assertThat(detail.path("archived_through").asLong()).isEqualTo(16);
            JsonNode metrics = fx.get("/metrics").json();
            assertThat(metrics.path("stream_max_len").asLong()).isEqualTo(500);
            assertThat(metrics.path("stream_max_age_seconds").asLong()).isEqualTo(3600);
            assertThat(metrics.path("events_trimmed_by_age").asLong()).isEqualTo(11);
            assertThat(metrics.path("events_trimmed_unarchived").asLong()).isZero();

            DiagRun.Result doctor = DiagRun.run(fx.clientEnv(), "doctor");
            assertThat(doctor.out().lines().filter(l -> l.startsWith("retention ")))
                    .as(doctor.all())
                    .singleElement()
                    .satisfies(line -> {
                        assertThat(line).matches("retention +OK +newest 500 events, those archived under 1h old");
                        assertThat(line.length()).isLessThanOrEqualTo(80);
                    });
            JsonNode json = Json.parse(
                    DiagRun.run(fx.clientEnv(), "doctor", "-o", "json").out());
            JsonNode retention = null;
            for (JsonNode c : json.path("checks")) {
                if (c.path("name").asText().equals("retention")) {
                    retention = c;
                }
            }
            assertThat(retention).as(json.toString()).isNotNull();
            assertThat(retention.path("status").asText()).isEqualTo("OK");
        }
    }

    private static void publish(EventBroker broker, RunId run, int events) {
        for (int i = 0; i < events; i++) {
            broker.publish(run, Event.of("agent.signal", Map.of("i", i)))
                    .orTimeout(10, TimeUnit.SECONDS)
                    .join();
        }
    }
}
