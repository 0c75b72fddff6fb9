package dev.arena.tui.source;

import dev.arena.broker.Envelope;
import java.util.List;

/**
 * The stream detail of the selected run: its live statistics plus its newest events, newest last.
 *
 * @param run        the run's row with full statistics
 * @param lastEvents the newest retained envelopes, oldest first
 */
public record StreamDetail(RunRow run, List<Envelope> lastEvents) {

    public StreamDetail {
        lastEvents = List.copyOf(lastEvents);
    }
}
