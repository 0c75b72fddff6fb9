package dev.arena.broker.redis;

import static org.awaitility.Awaitility.await;

import dev.arena.broker.BrokerContractTests;
import dev.arena.broker.EventBroker;
import dev.arena.config.BrokerSettings;
import dev.arena.testkit.MutableClock;
import dev.arena.testkit.PrivateRedisCluster;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker contract (docs/design.md, "Broker contract") against the Redis Streams backend on a
 * private three-master Redis Cluster, named by its seed list as an operator would.
 */
class RedisClusterBrokerContractIT extends BrokerContractTests {

    @RegisterExtension
    static final PrivateRedisCluster CLUSTER = new PrivateRedisCluster();

    private static RedisClusterClient probeClient;
    private static StatefulRedisClusterConnection<String, String> probe;

    @BeforeAll
    static void connectProbe() {
        probeClient = RedisClusterClient.create(
                CLUSTER.cluster().seedUris().stream().map(RedisURI::create).toList());
        probe = probeClient.connect();
    }

    @AfterAll
    static void closeProbe() {
        probe.close();
        probeClient.shutdown();
    }

    @Override
    protected EventBroker createBroker(BrokerSettings settings, Clock clock) {
        return RedisStreamsBroker.connect(CLUSTER.cluster().seedUrl(), "arena-test", settings, clock);
    }

    /** Redis enforces closed retention with key TTLs: expire every key due within {@code by} now, on every master. */
    @Override
    protected void expireClosedRuns(MutableClock clock, Duration by) {
        clock.advance(by);
        probe.getPartitions(); // topology is current: the extension healed the cluster before the test
        RedisAdvancedClusterCommands<String, String> redis = probe.sync();
        for (String key : redis.keys("arena:run:*")) {
            long ttl = redis.pttl(key);
            if (ttl > 0 && ttl <= by.toMillis()) {
                redis.pexpire(key, 1);
            }
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> redis.keys("arena:run:*").stream().noneMatch(k -> {
                    long t = redis.pttl(k);
                    return t > 0 && t <= by.toMillis();
                }));
    }
}
