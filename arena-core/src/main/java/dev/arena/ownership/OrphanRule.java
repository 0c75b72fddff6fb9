package dev.arena.ownership;

import java.util.Set;

/**
 * When a fork lease is orphaned, as a pure function: its owner stopped renewing it (expired) and the
 * registry no longer lists the owner. Both, so neither a slow renewal by a live server nor a
 * registry read that missed a beat closes a run that still has a producer.
 */
public final class OrphanRule {

    private OrphanRule() {}

    /**
     * @param liveServerIds the ids the registry lists as alive now
     * @return true when {@code lease}'s child run has no owner left and should be closed
     */
    public static boolean orphaned(ObservedLease lease, Set<String> liveServerIds) {
        return lease.expired() && !liveServerIds.contains(lease.lease().ownerId());
    }
}
