package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arena.broker.Brokers;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.redis.RedisStreamsBroker;
import dev.arena.config.BrokerSettings;
import dev.arena.fixture.ServerFixture;
import dev.arena.fixture.TestBackend;
import dev.arena.fixture.TestServers;
import dev.arena.testkit.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code publish_failures} in {@code /metrics} includes the failed publishes of producers in other
 * processes, not only the server's own: failed publishes are counted in Redis ({@code arena:stats:publish_failures}) by every process's broker — once
 * Redis is back if Redis was what failed — and {@code /metrics} shows the shared count.
 */
class SharedPublishFailureCountIT {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    @Test
    void producerInAnotherProcessFailsPublishes_serverMetricsShowThem() throws Exception {
        RedisServer redis = servers.redis();
        EventBroker serverBroker = servers.broker(TestBackend.REDIS, BrokerSettings.DEFAULTS);
        ServerFixture fx = servers.start(serverBroker, b -> {});
        // Another process's view: its own broker, with a short outage bound so its publishes fail fast.
        try (EventBroker producer = RedisStreamsBroker.connect(
                redis.url(),
                Brokers.clientName("arena-cli"),
                BrokerSettings.DEFAULTS,
                Clock.systemUTC(),
                100,
                Duration.ofMillis(300))) {
            RunId run = RunId.random();
            producer.openRun(run, Map.of()).get(10, TimeUnit.SECONDS);
            assertThat(fx.get("/metrics").json().path("publish_failures").asLong())
                    .isZero();

            redis.stop();
            List<CompletableFuture<Long>> lost = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                lost.add(producer.publish(run, Event.of("agent.signal", Map.of("i", i))));
            }
            for (CompletableFuture<Long> f : lost) {
                await().atMost(Duration.ofSeconds(15)).until(f::isDone);
                assertThat(f).isCompletedExceptionally();
            }
            assertThat(producer.metrics().publishFailures()).isEqualTo(3);
            redis.start();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                            fx.get("/metrics").json().path("publish_failures").asLong())
                    .isEqualTo(3));
            assertThat(serverBroker.metrics().publishFailures()).isEqualTo(3);
        }
    }
}
