package dev.arena.tui.source;

import dev.arena.broker.Envelope;
import java.util.List;

/**
 * The stream detail of the selected run: its live statistics plus its newest events, newest last.
 *
 * @param run        the run's row with full statistics
 * @param lastEvents      the newest retained envelopes, oldest first
 * @param archivedThrough the highest seq the store holds (the server's {@code archived_through}), or null when
 *                        the server could not be asked
 */
public record StreamDetail(RunRow run, List<Envelope> lastEvents, Long archivedThrough) {

    public StreamDetail {
        lastEvents = List.copyOf(lastEvents);
    }

    /** A detail whose archive position is not known. */
    public StreamDetail(RunRow run, List<Envelope> lastEvents) {
        this(run, lastEvents, null);
    }

    /** Events the broker holds that the store does not yet, or null when the archive position is unknown. */
    public Long archiveLag() {
        return archivedThrough == null ? null : Math.max(0, run.lastSeq() - archivedThrough);
    }
}
