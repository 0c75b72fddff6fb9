package dev.arena.coordination;

/**
 * How {@link Claims#inRedisHash} stores a claim in its hash: field = the claim's name, value = the
 * stamp of the last claim or renewal (Redis clock, ms), the TTL (ms), then what this layout says.
 * These formats are shared with servers of other versions over one Redis, so they never change.
 */
public enum HashLayout {

    /** {@code "<stamp ms> <ttl ms> <holder> <payload>"}: any holder may claim any name (fork leases, {@code arena:forks}). */
    HOLDER_IN_VALUE,

    /**
     * {@code "<stamp ms> <ttl ms> <payload>"}: the name is its holder, so only the holder of that
     * name claims it (the server registry, {@code arena:servers}: field = server id).
     */
    NAME_IS_HOLDER
}
