package dev.arena.broker;

import dev.arena.wire.RunStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * A run as the broker currently knows it: identity, lifecycle and live stream statistics, with the
 * same meaning on both backends so every view (server, diag, console) works on either.
 *
 * @param parentRunId   the run this one was forked from, or null
 * @param finishedAt    when the terminal event was published, or null while running
 * @param headSeq       oldest retained seq (0 when nothing is retained)
 * @param lastSeq       newest seq (0 when nothing was published)
 * @param length        number of retained events
 * @param subscribers   live subscriptions in this process
 * @param lastEventAt   {@code ts} of the newest event, or null
 * @param sentinelTtl   remaining TTL of the Redis producer-alive sentinel; null when there is
 *                      none (in-process backend, or a closed run)
 */
public record RunInfo(
        RunId runId,
        RunId parentRunId,
        RunStatus status,
        Instant startedAt,
        Instant finishedAt,
        long headSeq,
        long lastSeq,
        long length,
        int subscribers,
        Instant lastEventAt,
        Duration sentinelTtl) {

    public boolean isOpen() {
        return status == RunStatus.RUNNING;
    }
}
