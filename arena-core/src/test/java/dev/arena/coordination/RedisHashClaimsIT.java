package dev.arena.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.redis.RedisScripts;
import dev.arena.testkit.PrivateRedis;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The claims contract on a real private Redis, one hash per set, expiry judged by the Redis clock;
 * plus the stored field formats, which servers of other versions read.
 */
class RedisHashClaimsIT extends RedisHashClaimsContract {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    @Override
    protected String redisUrl() {
        return redis.server().url();
    }

    @Test
    void holderInValue_storesStampTtlHolderPayload_andReadsWhatAnOlderServerWrote() {
        try (Claims claims = Claims.inRedisHash(
                RedisScripts.connect(redis.server().url(), "arena-test/claims"),
                "arena:test:forks",
                HashLayout.HOLDER_IN_VALUE,
                Expiry.KEEP)) {
            claims.claim("child-1", "aaaaaaaaaaaa", "{\"x\":1}", Duration.ofSeconds(10));
            assertThat((String) raw("HGET", "arena:test:forks", "child-1"))
                    .matches("(?s).*\\d{13} 10000 aaaaaaaaaaaa \\{\"x\":1}.*");

            raw("HSET", "arena:test:forks", "child-2", "1 10000 bbbbbbbbbbbb {\"y\":2}");
            assertThat(claims.observe("child-2")).hasValueSatisfying(c -> {
                assertThat(c.holder()).isEqualTo("bbbbbbbbbbbb");
                assertThat(c.payload()).isEqualTo("{\"y\":2}");
                assertThat(c.expired()).isTrue();
            });
            assertThat(raw("PTTL", "arena:test:forks"))
                    .as("kept: no key expiry")
                    .isEqualTo(-1L);
        }
    }

    @Test
    void nameIsHolder_storesStampTtlPayload_prunesExpiredFields_andKeepsTheKeyForThreeTtls() {
        try (Claims claims = Claims.inRedisHash(
                RedisScripts.connect(redis.server().url(), "arena-test/claims"),
                "arena:test:servers",
                HashLayout.NAME_IS_HOLDER,
                Expiry.FORGET)) {
            raw("HSET", "arena:test:servers", "gone", "1 10000 {}"); // an entry whose heartbeat stopped long ago
            claims.claim("aaaaaaaaaaaa", "aaaaaaaaaaaa", "{\"id\":\"aaaaaaaaaaaa\"}", Duration.ofSeconds(10));

            assertThat((String) raw("HGET", "arena:test:servers", "aaaaaaaaaaaa"))
                    .matches("(?s).*\\d{13} 10000 \\{\"id\":\"aaaaaaaaaaaa\"}.*");
            assertThat(raw("HEXISTS", "arena:test:servers", "gone")).isEqualTo(0L);
            long pttl = (Long) raw("PTTL", "arena:test:servers");
            assertThat(pttl).isBetween(20_000L, 30_000L);
            assertThat(claims.list()).extracting(Claim::holder).containsExactly("aaaaaaaaaaaa");
        }
    }

    /** One command on {@code key} (the first argument after the command), as a script would run it; its reply. */
    private static Object raw(String command, String key, String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = command;
        System.arraycopy(args, 0, argv, 1, args.length);
        try (RedisScripts scripts = RedisScripts.connect(redis.server().url(), "arena-test/claims-raw")) {
            return scripts.eval("raw " + command, "return {redis.call(ARGV[1], KEYS[1], unpack(ARGV, 2))}", key, argv)
                    .get(0);
        }
    }
}
