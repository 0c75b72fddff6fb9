package dev.arena.tui.source;

import dev.arena.broker.RunId;
import java.time.Duration;
import java.time.Instant;

/**
 * An open run as the runs panel lists it. Stream statistics may be missing ({@code detailed}
 * false) when the bounded scan of one refresh did not reach this run; the panel then shows "…".
 *
 * @param parentRunId  the run this one was forked from, or null
 * @param headSeq      oldest retained seq, or null when not fetched
 * @param length       retained events, or null when not fetched
 * @param lastEventAt  {@code ts} of the newest event (or the start), or null when not fetched
 * @param sentinelTtl  Redis producer-alive sentinel TTL; null when absent or on the in-process backend
 * @param subscribers  live subscribers, or null when not fetched
 * @param idle         time since the last event as the source itself reported it when read (the
 *                     server's {@code idle_seconds}, the stream's last-event age), or null when it did not
 * @param observedAt   when (on the console's clock) {@code idle} was read, or null with it
 */
public record RunRow(
        RunId runId,
        RunId parentRunId,
        String status,
        Instant startedAt,
        long lastSeq,
        Long headSeq,
        Long length,
        Instant lastEventAt,
        Duration sentinelTtl,
        Integer subscribers,
        boolean detailed,
        Duration idle,
        Instant observedAt) {

    /** A row before its run's stream statistics are fetched ({@code detailed} false). */
    public static RunRow undetailed(RunId runId, RunId parentRunId, String status, Instant startedAt, long lastSeq) {
        return new RunRow(
                runId, parentRunId, status, startedAt, lastSeq, null, null, null, null, null, false, null, null);
    }
}
