package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.BrokerSettings;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.testkit.RedisServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
            long publishedBefore = fx.get("/metrics").json().path("events_published").asLong();
            RunId run = RunId.random();
            int events = 50;
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), CrossProcessProducer.class.getName(), run.value(),
                    Integer.toString(events))
                    .redirectErrorStream(true);
            pb.environment().put("ARENA_BROKER_BACKEND", "redis");
            pb.environment().put("REDIS_URL", redis.url());
            Process producer = pb.start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(producer.getInputStream(), StandardCharsets.UTF_8));
                assertThat(waitForLine(out, "opened")).isTrue();

                await().atMost(Duration.ofSeconds(10)).until(() -> fx.get("/runs").json().toString().contains(run.value()));
                JsonNode listed = fx.get("/runs/" + run).json();
                assertThat(listed.path("status").asText()).isEqualTo("running");
                assertThat(listed.path("source").asText()).isEqualTo("live");

                SseRecorder sse = SseRecorder.open(fx.http, new Request.Builder().url(fx.url("/events?run_id=" + run)).build());
                sse.assertOpen();
                assertThat(sse.assertEvent().id()).isEqualTo("1");
                assertThat(sse.assertEvent().id()).isEqualTo("2");

                OutputStream in = producer.getOutputStream();
                in.write("go\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
                List<SseRecorder.Item> rest = sse.eventsUntilClosed();
                assertThat(rest).hasSize(events - 1 + 1 + 1);
                assertThat(rest.get(0).id()).isEqualTo("3");
                assertThat(rest.get(rest.size() - 2).event()).isEqualTo("run.complete");
                assertThat(rest.get(rest.size() - 1).event()).isEqualTo("end");
                assertThat(producer.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(producer.exitValue()).isZero();

                assertThat(fx.get("/metrics").json().path("events_published").asLong() - publishedBefore)
                        .isGreaterThanOrEqualTo(events + 2);
                await().atMost(Duration.ofSeconds(10)).until(() -> fx.get("/runs/" + run).json().path("persisted").asBoolean());
                assertThat(fx.get("/runs/" + run).json().path("status").asText()).isEqualTo("complete");
            } finally {
                producer.destroyForcibly();
            }
        }
    }

    private static boolean waitForLine(BufferedReader out, String expected) throws Exception {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.equals(expected)) {
                return true;
            }
            System.out.println("[producer] " + line);
        }
        return false;
    }
}
