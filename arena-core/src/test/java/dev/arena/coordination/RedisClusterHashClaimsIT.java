package dev.arena.coordination;

import dev.arena.testkit.PrivateRedisCluster;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The claims contract on a private three-master Redis Cluster, named by its seed list: each set is
 * one hash key, so every script runs on that key's slot; the sets of one test class land on
 * different masters.
 */
class RedisClusterHashClaimsIT extends RedisHashClaimsContract {

    @RegisterExtension
    static final PrivateRedisCluster cluster = new PrivateRedisCluster();

    @Override
    protected String redisUrl() {
        return cluster.cluster().seedUrl();
    }
}
