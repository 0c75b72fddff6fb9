package dev.arena.broker.redis;

import dev.arena.testkit.PrivateRedis;
import dev.arena.testkit.RedisServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link PrivateRedis} for the class plus a {@link RedisProbe} on it, for the tests that look at
 * what the broker wrote: {@code @RegisterExtension static final ProbedRedis REDIS = new ProbedRedis();}
 */
final class ProbedRedis implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private final PrivateRedis redis = new PrivateRedis();
    private RedisProbe probe;

    @Override
    public void beforeAll(ExtensionContext context) {
        redis.beforeAll(context);
        probe = new RedisProbe(redis.server());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        redis.beforeEach(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            probe.close();
        } finally {
            redis.afterAll(context);
        }
    }

    RedisServer server() {
        return redis.server();
    }

    RedisProbe probe() {
        return probe;
    }
}
