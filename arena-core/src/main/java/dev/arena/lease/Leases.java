package dev.arena.lease;

import dev.arena.broker.redis.RedisScripts;
import dev.arena.coordination.Claims;
import dev.arena.coordination.Expiry;
import dev.arena.error.BackendUnavailableException;
import dev.arena.time.Ticker;
import java.time.Duration;

/**
 * Builds {@link Lease}s on {@link Claims}: in Redis for servers that share one, or in this process
 * for a lone server, which always holds.
 */
public final class Leases {

    /** The key of the periodic reaper's lease. */
    public static final String REAPER = "arena:lease:reaper";

    /** How long a lone server's lease lasts unrenewed; nobody else can claim it, so any length will do. */
    private static final Duration ALONE_TTL = Duration.ofHours(1);

    private Leases() {}

    /** The in-process backend's: one server, so {@code holderId} always holds. */
    public static Lease alone(String holderId) {
        return new ClaimedLease(Claims.inProcess(Ticker.system(), Expiry.FORGET), REAPER, holderId, ALONE_TTL);
    }

    /**
     * A lease kept in the Redis at {@code redisUrl} under {@code key} (on its own connection, named
     * {@code clientName}), for {@code holderId}, lapsing {@code ttl} after its last renewal.
     *
     * @throws IllegalArgumentException when {@code ttl} is not positive
     * @throws BackendUnavailableException when Redis cannot be reached or refuses the credentials (URL masked)
     */
    public static Lease redis(String redisUrl, String clientName, String key, String holderId, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("lease TTL must be positive, got " + ttl);
        }
        return new ClaimedLease(Claims.inRedisKey(RedisScripts.connect(redisUrl, clientName), key), key, holderId, ttl);
    }
}
