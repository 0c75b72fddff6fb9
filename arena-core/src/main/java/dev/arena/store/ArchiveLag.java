package dev.arena.store;

import dev.arena.broker.RunId;

/**
 * How far the store is behind the broker, for the worst run at the end of the last archive pass
 * (docs/design.md, "Tiered history"). Immutable.
 *
 * @param events  events the broker holds that the store does not yet (the worst run's head minus its
 *                {@code archived_through}); 0 when every run is archived through its head
 * @param seconds how long the worst run has been behind: since its archive last held every event the
 *                broker had; 0 when caught up
 * @param run     the run behind the most, or null when none is behind
 */
public record ArchiveLag(long events, double seconds, RunId run) {

    /** Nothing behind. */
    public static final ArchiveLag NONE = new ArchiveLag(0, 0, null);

    /** The worse of this and {@code other}: more seconds behind, then more events. */
    ArchiveLag worse(ArchiveLag other) {
        if (other.seconds != seconds) {
            return other.seconds > seconds ? other : this;
        }
        return other.events > events ? other : this;
    }
}
