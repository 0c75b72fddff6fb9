package dev.arena.lease;

import dev.arena.broker.redis.RedisScripts;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lease as one Redis key: {@code SET key holder NX PX ttl} to take it, {@code PEXPIRE} to renew
 * it, both in one script that first checks the holder, so a renewal never extends a peer's lease
 * and a release never deletes one. A lost lease is logged once, a regained one once.
 */
final class RedisLease implements Lease {

    private static final Logger LOG = LoggerFactory.getLogger(RedisLease.class);

    /** KEYS[1] the lease, ARGV[1] the holder, ARGV[2] the TTL in ms; returns {held 1/0, holder or ''}. */
    private static final String HOLD = """
            local cur = redis.call('GET', KEYS[1])
            if cur == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return {1, cur}
            end
            if not cur then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return {1, ARGV[1]}
            end
            return {0, cur}
            """;

    /** KEYS[1] the lease, ARGV[1] the holder; deletes it only when it is the holder's. */
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('DEL', KEYS[1])
              return {1}
            end
            return {0}
            """;

    private final RedisScripts redis;
    private final String key;
    private final String holderId;
    private final String ttlMillis;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean held;
    private volatile boolean failing;
    private volatile String holder;

    RedisLease(RedisScripts redis, String key, String holderId, Duration ttl) {
        this.redis = redis;
        this.key = key;
        this.holderId = holderId;
        this.ttlMillis = Long.toString(ttl.toMillis());
    }

    @Override
    public boolean hold() {
        if (closed.get()) {
            return false;
        }
        boolean now;
        try {
            List<Object> answer = redis.eval("lease " + key, HOLD, key, holderId, ttlMillis);
            now = Long.valueOf(1).equals(answer.get(0));
            holder = answer.size() > 1 ? String.valueOf(answer.get(1)) : null;
            if (failing) {
                failing = false;
                LOG.info("lease {}: Redis answers again", key);
            }
        } catch (RuntimeException e) {
            now = false;
            holder = null;
            if (!failing) {
                failing = true;
                LOG.warn("lease {}: cannot ask Redis, so this server does not act as holder until it can: {}", key, e.getMessage());
            }
        }
        if (now != held) {
            LOG.info(now ? "lease {}: this server ({}) holds it now" : "lease {}: this server ({}) no longer holds it (holder: {})",
                    key, holderId, holder);
        }
        held = now;
        return now;
    }

    @Override
    public String holder() {
        return holder;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            redis.eval("lease " + key + " release", RELEASE, key, holderId);
        } catch (RuntimeException e) {
            LOG.warn("could not release lease {} (a peer takes it when it lapses): {}", key, e.getMessage());
        } finally {
            redis.close();
        }
    }
}
