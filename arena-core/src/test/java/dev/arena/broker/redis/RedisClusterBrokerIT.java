package dev.arena.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.Subscription;
import dev.arena.config.BrokerSettings;
import dev.arena.testkit.ClusterNode;
import dev.arena.testkit.PrivateRedisCluster;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the Redis backend promises on a Redis Cluster beyond the shared contract: detection, routing, connections, announcements. */
class RedisClusterBrokerIT {

    @RegisterExtension
    static final PrivateRedisCluster CLUSTER = new PrivateRedisCluster();

    @Test
    void oneNodesUrl_isEnough_theClusterIsDetected_andRunsLandOnEveryMaster() throws Exception {
        String oneNode = CLUSTER.cluster().masters().get(0).uri();
        try (EventBroker broker =
                RedisStreamsBroker.connect(oneNode, "arena-detect", BrokerSettings.DEFAULTS, Clock.systemUTC())) {
            assertThat(broker.topology())
                    .isEqualTo("redis cluster: 3 masters, 0 replicas, all 16384 slots served, cluster_state ok");
            Set<Integer> ports = new HashSet<>();
            List<RunId> runs = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                RunId run = RunId.random();
                broker.openRun(run, Map.of()).get(10, TimeUnit.SECONDS);
                broker.publish(run, Event.of("tick")).get(10, TimeUnit.SECONDS);
                runs.add(run);
                ports.add(CLUSTER.cluster().nodeForKey(RedisKeys.events(run)).port());
            }
            assertThat(ports).as("24 random runs spread over the masters").hasSize(3);
            assertThat(broker.runs()).as("runs() scans every master").hasSize(24);
            for (RunId run : runs) {
                assertThat(broker.run(run))
                        .hasValueSatisfying(info -> assertThat(info.lastSeq()).isEqualTo(2));
            }
            assertThat(broker.metrics().eventsPublished()).isEqualTo(48);
        }
    }

    @Test
    void connections_areASmallConstantPerMaster_whateverTheNumberOfReaders() throws Exception {
        try (EventBroker broker = RedisStreamsBroker.connect(
                CLUSTER.cluster().seedUrl(), "arena-conn", BrokerSettings.DEFAULTS, Clock.systemUTC())) {
            List<Subscription> readers = new ArrayList<>();
            readers.addAll(subscribeNewRuns(broker, 6, 1));
            int few = steadyConnections("arena-conn");
            readers.addAll(subscribeNewRuns(broker, 12, 10));
            int many = steadyConnections("arena-conn");
            System.out.printf(
                    "CONNECTIONS cluster of 3 masters: %d with 6 readers on 6 runs, %d with 126 readers on 18 runs (runs on every master in both)%n",
                    few, many);
            assertThat(many).as("connections with 126 readers vs 6").isEqualTo(few);
            assertThat(many).as("a small constant per master").isLessThanOrEqualTo(4 * 3);
            readers.forEach(Subscription::close);
        }
    }

    @Test
    void everyBatch_isAnnouncedOnTheRunsShardedChannel_withItsLastSeq() throws Exception {
        try (EventBroker broker = RedisStreamsBroker.connect(
                CLUSTER.cluster().seedUrl(), "arena-news", BrokerSettings.DEFAULTS, Clock.systemUTC())) {
            RunId run = RunId.random();
            ClusterNode owner = CLUSTER.cluster().nodeForKey(RedisKeys.news(run));
            RedisClient client = RedisClient.create(RedisURI.create(owner.uri()));
            try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub()) {
                BlockingQueue<String> heard = new LinkedBlockingQueue<>();
                sub.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void smessage(String channel, String message) {
                        heard.add(channel + "=" + message);
                    }
                });
                sub.sync().ssubscribe(RedisKeys.news(run));
                broker.openRun(run, Map.of()).get(10, TimeUnit.SECONDS);
                broker.publish(run, Event.of("tick")).get(10, TimeUnit.SECONDS);
                assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo(RedisKeys.news(run) + "=1");
                assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo(RedisKeys.news(run) + "=2");
            } finally {
                client.shutdown();
            }
        }
    }

    private static List<Subscription> subscribeNewRuns(EventBroker broker, int runs, int readersEach) throws Exception {
        List<Subscription> out = new ArrayList<>();
        List<ClusterNode> masters = CLUSTER.cluster().masters();
        for (int i = 0; i < runs; i++) {
            RunId run = onMaster(masters.get(i % masters.size()));
            broker.openRun(run, Map.of()).get(10, TimeUnit.SECONDS);
            for (int r = 0; r < readersEach; r++) {
                Subscription s = broker.subscribe(run, 1);
                assertThat(s.take(Duration.ofSeconds(10)))
                        .as("reader of " + run + " gets run.start")
                        .isNotNull();
                out.add(s);
            }
            broker.publish(run, Event.of("tick")).get(10, TimeUnit.SECONDS);
        }
        for (Subscription s : out) {
            assertThat(s.take(Duration.ofSeconds(10)))
                    .as("every reader gets the tick")
                    .isNotNull();
        }
        return out;
    }

    /** A fresh run id whose keys live on {@code master}, so every master serves some of a test's runs. */
    private static RunId onMaster(ClusterNode master) {
        while (true) {
            RunId run = RunId.random();
            if (CLUSTER.cluster().nodeForKey(RedisKeys.events(run)).port() == master.port()) {
                return run;
            }
        }
    }

    /**
     * The fewest of five back-to-back counts: Lettuce's topology refresh (every 2 s) briefly opens
     * one more connection per node under the same name, which a single count could catch.
     */
    private static int steadyConnections(String prefix) {
        int fewest = Integer.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            fewest = Math.min(fewest, connections(prefix));
        }
        return fewest;
    }

    /** Connections named {@code prefix…} over every node of the cluster. */
    private static int connections(String prefix) {
        int n = 0;
        for (ClusterNode node : CLUSTER.cluster().nodes()) {
            RedisClient client = RedisClient.create(RedisURI.create(node.uri()));
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                for (String line : c.sync().clientList().split("\n")) {
                    if (line.contains(" name=" + prefix)) {
                        n++;
                    }
                }
            } finally {
                client.shutdown();
            }
        }
        return n;
    }
}
