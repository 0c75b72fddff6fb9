package dev.arena.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RecordingSubscriber;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import dev.arena.config.BrokerSettings;
import dev.arena.testkit.ClusterNode;
import dev.arena.testkit.PrivateRedisCluster;
import dev.arena.testkit.RedisCluster;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A master fails over under load (docs/design.md, "Redis Cluster"): {@code kill -9} of the master
 * that owns a run while a producer publishes to it and readers tail it. After the replica is
 * promoted every reader has seqs 1..N contiguous with no duplicate, and every publish either was
 * confirmed (and is in the stream) or failed loudly past the outage bound.
 */
class RedisClusterFailoverIT {

    @RegisterExtension
    static final PrivateRedisCluster CLUSTER =
            new PrivateRedisCluster(RedisCluster.builder().replicasPerMaster(1));

    private static final int EVENTS = 3_000;
    private static final int KILL_AFTER = 800;
    private static final int READERS = 3;

    @Test
    void killedMaster_readersSeeEverySeqOnce_publishesLandOnThePromotedReplica() throws Exception {
        RedisCluster cluster = CLUSTER.cluster();
        try (EventBroker broker = RedisStreamsBroker.connect(
                cluster.seedUrl(),
                "arena-failover",
                BrokerSettings.DEFAULTS,
                Clock.systemUTC(),
                100_000,
                Duration.ofSeconds(30))) {
            RunId run = RunId.random();
            broker.openRun(run, Map.of("scenario", "failover")).get(10, TimeUnit.SECONDS);
            ClusterNode owner = cluster.nodeForKey(RedisKeys.events(run));

            CountDownLatch finished = new CountDownLatch(READERS);
            List<RecordingSubscriber> readers = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                readers.add(RecordingSubscriber.start(broker.subscribe(run, 1), finished));
            }

            List<CompletableFuture<Long>> published = new ArrayList<>();
            long killedAt = 0;
            AtomicLong flowingAgainAt = new AtomicLong();
            for (int i = 1; i <= EVENTS; i++) {
                published.add(broker.publish(run, Event.of("tick", Map.of("i", i))));
                if (i == KILL_AFTER) {
                    published.get(i - 1).get(10, TimeUnit.SECONDS); // the run is well under way on its master
                    cluster.kill9(owner);
                    killedAt = System.nanoTime();
                }
                if (i == KILL_AFTER + 1) {
                    published.get(i - 1).whenComplete((seq, error) -> flowingAgainAt.set(System.nanoTime()));
                }
                LockSupport.parkNanos(200_000); // pacing: a steady producer, about 5k events/s at most
            }
            published.add(broker.closeRun(run, RunOutcome.COMPLETE, Map.of()));
            ClusterNode promoted = cluster.awaitFailover(owner);

            int confirmed = 0;
            int failed = 0;
            for (int i = 0; i < published.size(); i++) {
                try {
                    published.get(i).get(60, TimeUnit.SECONDS);
                    confirmed++;
                } catch (ExecutionException loud) {
                    failed++;
                }
            }
            assertThat(finished.await(60, TimeUnit.SECONDS))
                    .as("every reader reached the terminal event")
                    .isTrue();

            long last = EVENTS + 2; // run.start + ticks + run.complete
            for (RecordingSubscriber r : readers) {
                assertThat(r.errors()).as("reader errors").isZero();
                assertThat(r.seen())
                        .as("seq 1..N, each once, in order")
                        .containsExactlyElementsOf(
                                LongStream.rangeClosed(1, last).boxed().toList());
            }
            assertThat(failed)
                    .as("publishes failed past the 30 s bound (the failover takes a few seconds)")
                    .isZero();
            assertThat(confirmed).isEqualTo(EVENTS + 1);
            assertThat(broker.read(run, 1, (int) last + 10)).hasSize((int) last);
            System.out.printf(
                    "FAILOVER killed %s (promoted %s) after %d of %d events: %d confirmed, %d failed, readers %d x %d seqs, no gap, no duplicate; first publish after the kill confirmed %d ms after it%n",
                    owner,
                    promoted,
                    KILL_AFTER,
                    EVENTS,
                    confirmed,
                    failed,
                    READERS,
                    last,
                    TimeUnit.NANOSECONDS.toMillis(flowingAgainAt.get() - killedAt));
        }
    }
}
