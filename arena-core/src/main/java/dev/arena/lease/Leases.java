package dev.arena.lease;

import dev.arena.broker.BrokerException;
import dev.arena.broker.redis.RedisScripts;
import java.time.Duration;

/** Builds {@link Lease}s: in Redis for servers that share one, or always held for a lone server. */
public final class Leases {

    /** The key of the periodic reaper's lease. */
    public static final String REAPER = "arena:lease:reaper";

    private Leases() {
    }

    /** The in-process backend's: one server, so {@code holderId} always holds. */
    public static Lease alone(String holderId) {
        return new LoneLease(holderId);
    }

    /**
     * A lease kept in the Redis at {@code redisUrl} under {@code key} (on its own connection, named
     * {@code clientName}), for {@code holderId}, lapsing {@code ttl} after its last renewal.
     *
     * @throws IllegalArgumentException when {@code ttl} is not positive
     * @throws BrokerException when Redis cannot be reached or refuses the credentials (URL masked)
     */
    public static Lease redis(String redisUrl, String clientName, String key, String holderId, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("lease TTL must be positive, got " + ttl);
        }
        RedisScripts redis = RedisScripts.connect(redisUrl, clientName);
        return new RedisLease(redis, key, holderId, ttl);
    }

    private record LoneLease(String holder) implements Lease {

        @Override
        public boolean hold() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
