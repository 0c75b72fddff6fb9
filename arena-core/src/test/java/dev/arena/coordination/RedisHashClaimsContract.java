package dev.arena.coordination;

import static org.awaitility.Awaitility.await;

import dev.arena.broker.redis.RedisScripts;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The claims contract on a Redis hash, one fresh hash key per set, expiry judged by the Redis clock.
 * Subclasses say which Redis (standalone or cluster) holds the hashes.
 */
abstract class RedisHashClaimsContract extends ClaimSetContract {

    private static final AtomicInteger SETS = new AtomicInteger();

    /** The URL of the Redis the sets live in. */
    protected abstract String redisUrl();

    @Override
    protected Claims open(Expiry expiry) {
        return Claims.inRedisHash(
                RedisScripts.connect(redisUrl(), "arena-test/claims"),
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
