package dev.arena.lease;

/**
 * A right to do something alone among servers, held by at most one holder at a time (while Redis
 * keeps its key). Build with {@link Leases}. Thread-safe.
 */
public interface Lease extends AutoCloseable {

    /**
     * Takes the lease if nobody holds it, or renews it for another TTL if this holder does.
     * Never throws: when Redis cannot be asked, the answer is false (do not act alone on a guess).
     *
     * @return true when this holder holds the lease now (for at least the TTL from now)
     */
    boolean hold();

    /** Who held the lease when last asked: this holder's id, a peer's, or null when nobody (or unknown). */
    String holder();

    /** Gives the lease up at once if this holder holds it, so a peer takes over without waiting for the TTL. Idempotent; never throws. */
    @Override
    void close();
}
