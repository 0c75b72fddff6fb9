package dev.arena.diag.server;

import java.time.Instant;

/**
 * {@code GET /runs/{id}}: a run with its live stream statistics, the same on both backends.
 *
 * @param headSeq            oldest retained seq (0 when nothing is retained)
 * @param idleSeconds        seconds since the last event by the server clock, or null
 * @param sentinelTtlSeconds Redis sentinel TTL; null on in-process or when closed
 */
public record RunDetail(
        String runId,
        String parentRunId,
        String status,
        Instant startedAt,
        Instant finishedAt,
        long headSeq,
        long lastSeq,
        long length,
        int subscribers,
        Instant lastEventAt,
        Double idleSeconds,
        Long sentinelTtlSeconds,
        String source,
        boolean persisted) {

    public boolean isRunning() {
        return "running".equals(status);
    }
}
