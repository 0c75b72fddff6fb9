package dev.arena.diag.server;

import java.time.Instant;

/** {@code GET /metrics} (docs/api.md): the broker counters plus the fork-task gauges, stamped with the server's clock. */
public record ServerMetrics(
        long eventsPublished,
        long eventsStreamed,
        long streamsDropped,
        long runsOpen,
        long subscribers,
        long runsReaped,
        long publishFailures,
        long forkTasksRunning,
        long forkTasksStuck,
        String backend,
        Instant ts) {
}
