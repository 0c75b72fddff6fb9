package dev.arena.ownership;

import dev.arena.coordination.Claim;
import dev.arena.wire.ForkState;
import dev.arena.wire.ForkTaskView;
import dev.arena.wire.WireJson;
import java.util.List;

/**
 * A lease as read from Redis: the lease, how long ago its owner last renewed it and its TTL, both by
 * the Redis clock (so no server's own clock matters).
 */
public record ObservedLease(ForkLease lease, long ageMs, long ttlMs) {

    /**
     * A claim of {@code arena:forks} as a lease: its payload is the lease JSON, its name the child
     * run and its holder the owner. Null when they disagree or the JSON is unreadable (a foreign or
     * corrupt field is skipped, not fatal).
     */
    static ObservedLease of(Claim claim) {
        try {
            ForkLease lease = WireJson.read(claim.payload(), ForkLease.class);
            boolean consistent =
                    lease.childRunId().equals(claim.name()) && lease.ownerId().equals(claim.holder());
            return consistent ? new ObservedLease(lease, claim.ageMs(), claim.ttlMs()) : null;
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    /** True when the owner has not renewed it within its TTL. */
    public boolean expired() {
        return ageMs > ttlMs;
    }

    /**
     * The task as a server that does not run it lists it in {@code /debug/forks}: running, stage
     * {@code remote}, its owner named, no progress figures and no stack (only the owner has those).
     */
    public ForkTaskView view(boolean orphaned) {
        return new ForkTaskView(
                lease.name(),
                lease.parentRunId(),
                lease.childRunId(),
                ForkState.RUNNING,
                "remote",
                lease.startedAt(),
                null,
                0,
                false,
                null,
                null,
                0,
                lease.atSeq(),
                List.of(),
                null,
                lease.ownerId(),
                lease.ownerUrl(),
                orphaned);
    }
}
