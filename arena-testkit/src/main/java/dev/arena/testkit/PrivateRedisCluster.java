package dev.arena.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One private {@link RedisCluster} per test class:
 * {@code @RegisterExtension static final PrivateRedisCluster cluster = new PrivateRedisCluster();}.
 * Started before the class's own {@code @BeforeAll} methods; before each test every node a previous
 * test killed is restarted, the cluster is awaited healthy and every key is deleted; closed after
 * the class.
 */
public final class PrivateRedisCluster implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private final ClassScoped<RedisCluster> cluster;

    /** Three masters, no replicas. */
    public PrivateRedisCluster() {
        this(RedisCluster.builder());
    }

    /** A cluster of the given shape, e.g. {@code RedisCluster.builder().replicasPerMaster(1)} for failover tests. */
    public PrivateRedisCluster(RedisCluster.Builder builder) {
        this.cluster = new ClassScoped<>("PrivateRedisCluster", builder::start, RedisCluster::close);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        cluster.get().heal();
        cluster.get().flushAll();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        cluster.close();
    }

    /** The running cluster. */
    public RedisCluster cluster() {
        return cluster.get();
    }
}
