package dev.arena.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.arena.broker.BrokerException;
import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import dev.arena.config.BrokerSettings;
import dev.arena.testkit.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis dies (SIGKILL) and comes back while a producer publishes. The server keeps an fsync'ed
 * AOF, as the compose Redis does, so what it acknowledged survives the restart.
 */
class RedisOutageIT {

    private RedisServer server;
    private EventBroker broker;

    @BeforeEach
    void startRedis() {
        server = RedisServer.builder()
                .arg("--appendonly", "yes")
                .arg("--appendfsync", "always")
                .start();
    }

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
        server.close();
    }

    @Test
    void killAndRestartMidPublish_everyAcceptedPublishIsPresentOnce_inOrder_withContiguousSeqs() throws Exception {
        broker = RedisStreamsBroker.connect(
                server.url(),
                "arena-outage",
                BrokerSettings.DEFAULTS,
                Clock.systemUTC(),
                10_000,
                Duration.ofSeconds(20));
        RunId run = RunId.random();
        broker.openRun(run, Map.of()).get(10, TimeUnit.SECONDS);
        int total = 4_000;
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        AtomicInteger confirmed = new AtomicInteger();
        CountDownLatch halfway = new CountDownLatch(1);
        CountDownLatch restarted = new CountDownLatch(1);
        Thread producer = new Thread(
                () -> {
                    for (int i = 0; i < total; i++) {
                        CompletableFuture<Long> f = broker.publish(run, Event.of("agent.signal", Map.of("i", i)));
                        f.thenRun(confirmed::incrementAndGet);
                        futures.add(f);
                        if (i == total / 2) {
                            halfway.countDown();
                        }
                        if (i == total * 3 / 4) {
                            try {
                                restarted.await(30, TimeUnit.SECONDS); // the last quarter goes out after the restart
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return;
                            }
                        }
                    }
                },
                "test-producer");
        producer.start();
        assertThat(halfway.await(30, TimeUnit.SECONDS)).isTrue();
        server.kill();
        server.start();
        restarted.countDown();
        producer.join(30_000);
        assertThat(producer.isAlive()).isFalse();
        broker.flush(Duration.ofSeconds(30));

        List<Long> seqs = new ArrayList<>();
        for (CompletableFuture<Long> f : futures) {
            seqs.add(f.get(0, TimeUnit.SECONDS)); // every accepted publish was confirmed
        }
        assertThat(seqs).doesNotHaveDuplicates().isSorted();
        assertThat(broker.metrics().publishFailures()).isZero();

        List<Envelope> stored = readOnceReconnected(run, Integer.MAX_VALUE);
        assertThat(stored).hasSize(total + 1);
        for (int i = 0; i < stored.size(); i++) {
            assertThat(stored.get(i).seq()).isEqualTo(i + 1);
        }
        for (int i = 1; i < stored.size(); i++) {
            assertThat(stored.get(i).payload().get("i").asInt())
                    .as("event at seq %d", i + 1)
                    .isEqualTo(i - 1);
        }
        assertThat(broker.closeRun(run, RunOutcome.COMPLETE, Map.of()).get(10, TimeUnit.SECONDS))
                .isEqualTo(total + 2);
    }

    /**
     * Reads fail fast while the shared connection is still reconnecting (by design: callers never
     * hang on a dead Redis), so wait until it is back, however slow the machine is.
     */
    private List<Envelope> readOnceReconnected(RunId run, int max) {
        List<List<Envelope>> result = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptionsMatching(e -> e.getMessage() != null
                        && e.getMessage().toLowerCase(Locale.ROOT).contains("not connected"))
                .until(() -> result.add(broker.read(run, 1, max)));
        return result.get(0);
    }

    @Test
    void outageLongerThanTheBound_failsPublishesLoudly_andNothingUnconfirmedIsWrittenLater() throws Exception {
        broker = RedisStreamsBroker.connect(
                server.url(), "arena-outage", BrokerSettings.DEFAULTS, Clock.systemUTC(), 50, Duration.ofMillis(800));
        RunId run = RunId.random();
        broker.openRun(run, Map.of()).get(10, TimeUnit.SECONDS);
        server.kill();

        List<CompletableFuture<Long>> waiting = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            waiting.add(broker.publish(run, Event.of("agent.signal", Map.of("lost", i))));
        }
        CompletableFuture<Long> overBound = broker.publish(run, Event.of("agent.signal", Map.of("lost", "over")));
        assertThatThrownBy(() -> overBound.get(1, TimeUnit.SECONDS))
                .hasCauseInstanceOf(BrokerException.class)
                .hasMessageContaining("queue bound is 50")
                .hasMessageContaining("NOT written");
        for (CompletableFuture<Long> f : waiting) {
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(BrokerException.class)
                    .hasMessageContaining("not confirmed within 800 ms")
                    .hasMessageContaining(server.host());
        }
        assertThat(broker.metrics().publishFailures()).isEqualTo(51);

        server.start();
        await().atMost(Duration.ofSeconds(10))
                .ignoreExceptionsInstanceOf(CompletionException.class)
                .until(() -> broker.publish(run, Event.of("agent.signal", Map.of("after", true)))
                                .join()
                        > 0);
        broker.flush(Duration.ofSeconds(10));
        List<Envelope> stored = readOnceReconnected(run, 100);
        assertThat(stored).extracting(e -> e.payload().has("lost")).containsOnly(false);
        for (int i = 0; i < stored.size(); i++) {
            assertThat(stored.get(i).seq()).isEqualTo(i + 1);
        }
    }
}
