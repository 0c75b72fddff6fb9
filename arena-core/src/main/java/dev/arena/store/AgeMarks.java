package dev.arena.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * The timestamps of one run's archived events, coarsened, for age-based trimming: which archived prefix of
 * the run is entirely older than a cutoff. Each mark is a seq with the newest {@code ts} of every event
 * through it (a running maximum, so a producer's clock skew never lets a young event be trimmed with an old
 * one); marks closer than a sixty-fourth of the max age are merged, so a run keeps a few dozen of them
 * whatever its rate. Not thread-safe: the archiver's pass owns it.
 */
final class AgeMarks {

    private final long granularityMs;
    /** {@code {seq, newest ts in ms of every event through seq}}, both ascending. */
    private final ArrayDeque<long[]> marks = new ArrayDeque<>();

    private long newestMs = Long.MIN_VALUE;
    private long lastSeq;
    /** The broker holds none of the run's events below this seq any more, as far as trims by age go. */
    private long trimmedBelow = 1;

    AgeMarks(Duration maxAge) {
        this.granularityMs = Math.max(1, maxAge.toMillis() / 64);
    }

    /** Notes an archived event; events come in seq order, and one already noted is ignored. */
    void archived(long seq, Instant ts) {
        if (seq <= lastSeq) {
            return;
        }
        lastSeq = seq;
        newestMs = Math.max(newestMs, ts.toEpochMilli());
        long[] tail = marks.peekLast();
        if (tail != null && Math.floorDiv(tail[1], granularityMs) == Math.floorDiv(newestMs, granularityMs)) {
            tail[0] = seq;
            tail[1] = newestMs;
        } else {
            marks.addLast(new long[] {seq, newestMs});
        }
    }

    /** The highest noted seq such that every event through it is older than {@code cutoff}, or 0. */
    long olderThan(Instant cutoff) {
        long c = cutoff.toEpochMilli();
        long through = 0;
        for (long[] m : marks) {
            if (m[1] >= c) {
                break;
            }
            through = m[0];
        }
        return through;
    }

    /** Forgets the marks through {@code seq} (trimmed from the broker). */
    void forgetThrough(long seq) {
        trimmedBelow = Math.max(trimmedBelow, seq + 1);
        while (!marks.isEmpty() && marks.peekFirst()[0] <= seq) {
            marks.pollFirst();
        }
    }

    /** The lowest seq not trimmed by age: one past the highest {@link #forgetThrough} was given, else 1. */
    long trimmedBelow() {
        return trimmedBelow;
    }

    /** The highest seq noted, 0 when none. */
    long lastSeq() {
        return lastSeq;
    }

    /** How many marks are kept (bounded by the age window, not by the run's length). */
    int size() {
        return marks.size();
    }
}
