package dev.arena.coordination;

import static dev.arena.coordination.ClaimScripts.isOne;
import static dev.arena.coordination.ClaimScripts.millis;

import dev.arena.broker.redis.RedisScripts;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One claim stored as one plain Redis key: value = holder, expiring by Redis's own {@code PX}, so
 * Redis forgets an expired claim by itself and there is nothing left to take over. Redis keeps no
 * renewal time, only the time left: an observed claim reads as renewed just now with that time left
 * as its TTL. Each operation is one script (or command) on the key.
 */
final class RedisKeyClaims implements Claims {

    /** ARGV holder, ttl ms; {taken 1/0, holder, ms left}. */
    private static final String CLAIM =
            """
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
              return {1, ARGV[1], tonumber(ARGV[2])}
            end
            return {0, redis.call('GET', KEYS[1]) or '', redis.call('PTTL', KEYS[1])}
            """;

    /** ARGV holder, ttl ms; {renewed 1/0}. */
    private static final String RENEW =
            """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return {1}
            end
            return {0}
            """;

    /** ARGV holder; {released 1/0}. */
    private static final String RELEASE =
            """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('DEL', KEYS[1])
              return {1}
            end
            return {0}
            """;

    /** {holder, ms left}, or {} when free. */
    private static final String OBSERVE =
            """
            local v = redis.call('GET', KEYS[1])
            if not v then return {} end
            return {v, redis.call('PTTL', KEYS[1])}
            """;

    private final RedisScripts redis;
    private final String key;

    RedisKeyClaims(RedisScripts redis, String key) {
        this.redis = redis;
        this.key = key;
    }

    @Override
    public Claim claim(String name, String holder, String payload, Duration ttl) {
        check(name, payload);
        List<Object> reply = eval("claim", CLAIM, holder, millis(ttl));
        return claim(reply.get(1), reply.get(2));
    }

    @Override
    public boolean renew(String name, String holder, String payload, Duration ttl) {
        check(name, payload);
        return isOne(eval("renew", RENEW, holder, millis(ttl)));
    }

    @Override
    public boolean release(String name, String holder) {
        check(name, "");
        return isOne(eval("release", RELEASE, holder));
    }

    @Override
    public Optional<Claim> observe(String name) {
        check(name, "");
        List<Object> reply = eval("observe", OBSERVE);
        return reply.isEmpty() ? Optional.empty() : Optional.of(claim(reply.get(0), reply.get(1)));
    }

    @Override
    public List<Claim> list() {
        return observe(key).stream().toList();
    }

    /** Always false: Redis deletes an expired key itself, so no expired claim is ever left to take over. */
    @Override
    public boolean takeOver(String name, String expiredHolder) {
        check(name, "");
        return false;
    }

    @Override
    public void close() {
        redis.close();
    }

    /** The key, which is also the one claim's name. */
    String key() {
        return key;
    }

    /** The one place this class waits for Redis: a script on the key, bounded by the command timeout. */
    private List<Object> eval(String what, String script, String... args) {
        return redis.eval(key + " " + what, script, key, args);
    }

    private void check(String name, String payload) {
        if (!key.equals(name)) {
            throw new IllegalArgumentException(
                    "the only claim at " + key + " is named " + key + ", not '" + name + "'");
        }
        if (!payload.isEmpty()) {
            throw new IllegalArgumentException("a claim stored as the plain key " + key + " carries no payload");
        }
    }

    private Claim claim(Object holder, Object msLeft) {
        long left =
                msLeft instanceof Long n && n >= 0 ? n : Long.MAX_VALUE; // -1: a key set without expiry never expires
        return new Claim(key, String.valueOf(holder), "", 0, left);
    }
}
