package dev.arena.store;

import dev.arena.broker.BrokerOverflowException;
import dev.arena.broker.Envelope;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunInfo;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archiver's age-based retention ({@code ARENA_STREAM_MAX_AGE}, docs/design.md "Tiered history"): trims a live
 * run's archived events older than the max age from the broker — judged by each event's {@code ts} as noted in the
 * run's {@link AgeMarks}, never by its stream id — but only events the store holds (checked against the store before
 * each trim), never the run's newest event. Not thread-safe: the archiver's pass owns it.
 */
final class AgeTrim {

    private static final Logger LOG = LoggerFactory.getLogger(Archiver.class);

    private final EventBroker broker;
    private final RunStore store;
    private final Clock clock;
    private final Duration maxAge;
    private final int page;
    private final AtomicLong trimmed = new AtomicLong();

    AgeTrim(EventBroker broker, RunStore store, Clock clock, Duration maxAge, int page) {
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative (zero: no age bound), got " + maxAge);
        }
        this.broker = broker;
        this.store = store;
        this.clock = clock;
        this.maxAge = maxAge;
        this.page = page;
    }

    /** The marks to keep for a run taken on now, or null when there is no max age. */
    AgeMarks marks() {
        return maxAge.isZero() ? null : new AgeMarks(maxAge);
    }

    /**
     * Trims from the broker the run's archived events older than the max age: through the highest seq up to which
     * every archived event's {@code ts} is before now minus the max age, capped below the newest seq seen, at
     * {@code through} and at what the store itself says it holds (a store that does not answer throws, and nothing
     * is trimmed).
     */
    void trim(RunInfo run, AgeMarks ages, long through) {
        if (ages == null) {
            return;
        }
        long old = Math.min(ages.olderThan(clock.instant().minus(maxAge)), through);
        long newest = Math.max(run.lastSeq(), through);
        long minSeq = Math.min(old + 1, newest);
        if (minSeq <= ages.trimmedBelow()) {
            return;
        }
        long stored = store.lastStoredSeq(run.runId());
        minSeq = Math.min(minSeq, stored + 1);
        if (minSeq <= ages.trimmedBelow()) {
            return;
        }
        long removed = broker.trimBefore(run.runId(), minSeq);
        trimmed.addAndGet(removed);
        ages.forgetThrough(minSeq - 1);
        LOG.debug(
                "run {}: trimmed {} archived event(s) older than {} from the broker (below seq {})",
                run.runId(),
                removed,
                maxAge,
                minSeq);
    }

    /**
     * Notes the timestamps of what the broker retains of a run the archiver just took on (a restart, or a handover) up
     * to {@code through}, what the store holds, so those events age out of the broker too. Best effort: a page the
     * broker no longer has is passed over.
     */
    void noteRetained(RunInfo run, AgeMarks ages, long through) {
        if (ages == null || through == 0 || !run.isOpen()) {
            return;
        }
        long from = Math.max(1, run.headSeq());
        while (from <= through) {
            List<Envelope> events;
            try {
                events = broker.read(run.runId(), from, (int) Math.min(page, through - from + 1));
            } catch (BrokerOverflowException e) {
                if (e.isLost() || e.availableFrom() <= from) {
                    return;
                }
                from = e.availableFrom();
                continue;
            }
            if (events.isEmpty()) {
                return;
            }
            for (Envelope e : events) {
                if (e.seq() <= through) {
                    ages.archived(e.seq(), e.ts());
                }
            }
            from = events.get(events.size() - 1).seq() + 1;
        }
    }

    /** Archived events trimmed from the broker for being older than the max age. */
    long trimmed() {
        return trimmed.get();
    }

    Duration maxAge() {
        return maxAge;
    }
}
