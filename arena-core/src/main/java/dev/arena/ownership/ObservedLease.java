package dev.arena.ownership;

import dev.arena.api.ForkState;
import dev.arena.api.ForkTaskView;
import java.util.List;

/**
 * A lease as read from Redis: the lease, how long ago its owner last renewed it and its TTL, both by
 * the Redis clock (so no server's own clock matters).
 */
public record ObservedLease(ForkLease lease, long ageMs, long ttlMs) {

    /** True when the owner has not renewed it within its TTL. */
    public boolean expired() {
        return ageMs > ttlMs;
    }

    /**
     * The task as a server that does not run it lists it in {@code /debug/forks}: running, stage
     * {@code remote}, its owner named, no progress figures and no stack (only the owner has those).
     */
    public ForkTaskView view(boolean orphaned) {
        return new ForkTaskView(lease.name(), lease.parentRunId(), lease.childRunId(), ForkState.RUNNING, "remote",
                lease.startedAt(), null, 0, false, null, null, 0, lease.atSeq(), List.of(), null, lease.ownerId(),
                lease.ownerUrl(), orphaned);
    }
}
