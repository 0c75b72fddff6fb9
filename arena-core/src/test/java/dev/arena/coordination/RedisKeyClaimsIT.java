package dev.arena.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.arena.broker.redis.RedisScripts;
import dev.arena.testkit.PrivateRedis;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The claims contract for one claim stored as a plain Redis key (the reaper lease's layout): Redis
 * forgets it on expiry by itself, and it carries no payload.
 */
class RedisKeyClaimsIT extends ClaimsContract {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    private static final AtomicInteger KEYS = new AtomicInteger();

    @Override
    protected Claims open(Expiry expiry) {
        return Claims.inRedisKey(
                RedisScripts.connect(redis.server().url(), "arena-test/claims"),
                "arena:test:lease:" + KEYS.incrementAndGet());
    }

    @Override
    protected void letExpire(Claims claims, String name) {
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> claims.observe(name).isEmpty());
    }

    @Override
    protected Duration ttl() {
        return Duration.ofMillis(300);
    }

    @Override
    protected String name(Claims claims, int i) {
        return ((RedisKeyClaims) claims).key();
    }

    @Override
    protected String payload(String wanted) {
        return "";
    }

    @Test
    void theKeyHoldsTheHolder_withRedisExpiry_andNothingElseIsClaimable() {
        try (Claims claims = Claims.inRedisKey(
                RedisScripts.connect(redis.server().url(), "arena-test/claims"), "arena:test:lease:x")) {
            claims.claim("arena:test:lease:x", "server-a", "", Duration.ofSeconds(30));
            assertThat(redis.server().command("PTTL", "arena:test:lease:x")).startsWith(":");
            assertThat(claims.observe("arena:test:lease:x").orElseThrow().expiresInMs())
                    .isBetween(1L, 30_000L);
            assertThatThrownBy(() -> claims.claim("other", "server-a", "", Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> claims.claim("arena:test:lease:x", "server-a", "payload", Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
