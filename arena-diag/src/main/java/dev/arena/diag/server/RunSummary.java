package dev.arena.diag.server;

import java.time.Instant;

/** One row of {@code GET /runs}: a live or archived run. Ids are canonical run-id strings. */
public record RunSummary(
        String runId,
        String parentRunId,
        String status,
        Instant startedAt,
        Instant finishedAt,
        long lastSeq,
        long eventCount,
        String source,
        boolean persisted) {

    public boolean isRunning() {
        return "running".equals(status);
    }
}
