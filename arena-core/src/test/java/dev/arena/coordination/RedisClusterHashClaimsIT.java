package dev.arena.coordination;

import static org.awaitility.Awaitility.await;

import dev.arena.broker.redis.RedisScripts;
import dev.arena.testkit.PrivateRedisCluster;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The claims contract on a private three-master Redis Cluster, named by its seed list: each set is
 * one hash key, so every script runs on that key's slot; the sets of one test class land on
 * different masters.
 */
class RedisClusterHashClaimsIT extends ClaimsContract {

    @RegisterExtension
    static final PrivateRedisCluster cluster = new PrivateRedisCluster();

    private static final AtomicInteger SETS = new AtomicInteger();

    @Override
    protected Claims open(Expiry expiry) {
        return Claims.inRedisHash(
                RedisScripts.connect(cluster.cluster().seedUrl(), "arena-test/claims"),
                "arena:test:claims:" + SETS.incrementAndGet(),
                HashLayout.HOLDER_IN_VALUE,
                expiry);
    }

    @Override
    protected void letExpire(Claims claims, String name) {
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> claims.observe(name).map(Claim::expired).orElse(true));
    }

    @Override
    protected Duration ttl() {
        return Duration.ofMillis(300);
    }
}
