package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.config.BrokerSettings;
import dev.arena.fixture.ServerFixture;
import dev.arena.fixture.TestBackend;
import dev.arena.testkit.ChildProcess;
import dev.arena.testkit.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run produced by a second JVM on Redis is listed, streamed live, counted and persisted (docs/design.md, "Server"). */
class CrossProcessIT {

    @TempDir
    Path dir;

    @Test
    void runFromAnotherProcess_listedRunning_streamsLiveFromSeq1_counted_persisted() throws Exception {
        try (RedisServer redis = RedisServer.startNew();
                EventBroker broker = TestBackend.REDIS.create(BrokerSettings.DEFAULTS, () -> redis);
                ServerFixture fx = ServerFixture.start(broker, dir)) {
            long publishedBefore =
                    fx.get("/metrics").json().path("events_published").asLong();
            RunId run = RunId.random();
            int events = 50;
            try (ChildProcess producer = ChildProcess.java(
                            CrossProcessProducer.class.getName(), run.value(), Integer.toString(events))
                    .env("ARENA_BROKER_BACKEND", "redis")
                    .env("REDIS_URL", redis.url())
                    .mergeStderr()
                    .start()) {
                producer.awaitLine(Pattern.compile("(?m)^opened$"), Duration.ofSeconds(60));

                await().atMost(Duration.ofSeconds(10))
                        .until(() -> fx.get("/runs").json().toString().contains(run.value()));
                JsonNode listed = fx.get("/runs/" + run).json();
                assertThat(listed.path("status").asText()).isEqualTo("running");
                assertThat(listed.path("source").asText()).isEqualTo("live");

                SseRecorder sse = SseRecorder.open(
                        fx.http,
                        new Request.Builder()
                                .url(fx.url("/events?run_id=" + run))
                                .build());
                sse.assertOpen();
                assertThat(sse.assertEvent().id()).isEqualTo("1");
                assertThat(sse.assertEvent().id()).isEqualTo("2");

                producer.send("go");
                List<SseRecorder.Item> rest = sse.eventsUntilClosed();
                assertThat(rest).hasSize(events - 1 + 1 + 1);
                assertThat(rest.get(0).id()).isEqualTo("3");
                assertThat(rest.get(rest.size() - 2).event()).isEqualTo("run.complete");
                assertThat(rest.get(rest.size() - 1).event()).isEqualTo("end");
                assertThat(producer.awaitExit(Duration.ofSeconds(30)))
                        .as(producer.output())
                        .isZero();

                assertThat(fx.get("/metrics").json().path("events_published").asLong() - publishedBefore)
                        .isGreaterThanOrEqualTo(events + 2);
                await().atMost(Duration.ofSeconds(10))
                        .until(() ->
                                fx.get("/runs/" + run).json().path("persisted").asBoolean());
                assertThat(fx.get("/runs/" + run).json().path("status").asText())
                        .isEqualTo("complete");
            }
        }
    }
}
