package dev.arena.diag.redis;

import java.time.Instant;

/**
 * A run's Redis state in one view: the events stream (XINFO head/tail/length), the seq counter,
 * the sentinel and the last event.
 *
 * @param exists            the events stream exists
 * @param length            retained entries
 * @param firstSeq          head: seq of the first retained entry (0 when empty)
 * @param lastSeq           tail: seq of the last entry (0 when empty)
 * @param seqCounter        value of the {@code :seq} key, or null when absent
 * @param sentinelTtlMillis PTTL of the sentinel; null when there is no sentinel, -1 when it has no expiry
 * @param lastEventKind     kind of the last entry, or null
 * @param lastEventJson     the last entry's envelope JSON, or null
 * @param lastEventAt       its {@code ts}, or null
 * @param lastEventAgeMillis age of the last event by the inspector's clock, or null
 */
public record StreamInfo(
        String runId,
        boolean exists,
        long length,
        long firstSeq,
        long lastSeq,
        Long seqCounter,
        Long sentinelTtlMillis,
        String lastEventKind,
        String lastEventJson,
        Instant lastEventAt,
        Long lastEventAgeMillis) {

    /** True while the producer-alive sentinel exists. */
    public boolean open() {
        return sentinelTtlMillis != null;
    }

    /** True when the last event is terminal (run.complete, run.error, run.reaped, run.cancelled). */
    public boolean terminal() {
        return lastEventKind != null
                && (lastEventKind.equals("run.complete")
                        || lastEventKind.equals("run.error")
                        || lastEventKind.equals("run.reaped")
                        || lastEventKind.equals("run.cancelled"));
    }

    /** True when the seq counter is behind the stream tail: a counter reset (docs/design.md, "Redis keys"), never papered over. */
    public boolean counterBehindStream() {
        return exists && seqCounter != null && seqCounter < lastSeq;
    }
}
