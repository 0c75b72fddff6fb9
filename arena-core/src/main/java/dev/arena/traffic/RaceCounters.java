package dev.arena.traffic;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A race's counters, updated from lane threads and broker callbacks; logs a failure streak once. */
final class RaceCounters {

    private static final Logger LOG = LoggerFactory.getLogger(Race.class);

    private final LongAdder events = new LongAdder();
    private final LongAdder failures = new LongAdder();
    final AtomicInteger forksStarted = new AtomicInteger();
    final AtomicInteger forkFailures = new AtomicInteger();
    private final AtomicBoolean inFailureStreak = new AtomicBoolean();

    /** Counts {@code publish} as an event once confirmed, or as a failure. */
    void track(CompletableFuture<Long> publish) {
        publish.whenComplete((seq, error) -> {
            if (error == null) {
                events.increment();
                if (inFailureStreak.get() && inFailureStreak.compareAndSet(true, false)) {
                    LOG.info("race publishes succeed again after {} failure(s) so far", failures.sum());
                }
            } else {
                failed(error);
            }
        });
    }

    void failed(Throwable error) {
        failures.increment();
        if (inFailureStreak.compareAndSet(false, true)) {
            LOG.warn(
                    "race publish failed (further failures are counted, not logged, until one succeeds): {}",
                    error.toString());
        }
    }

    long events() {
        return events.sum();
    }

    long failures() {
        return failures.sum();
    }
}
