package dev.arena.traffic;

import dev.arena.broker.RunId;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A race's counters, updated from lane threads and broker callbacks. Publish failures are logged
 * per run and only when the run's state changes (its first failure, its first success after
 * failing), with a count; {@link #reportStillFailing} says once per run at the end which runs
 * never recovered (a reaped run refuses every publish after the reap). Thread-safe.
 */
final class RaceCounters {

    private static final Logger LOG = LoggerFactory.getLogger(Race.class);

    private final LongAdder events = new LongAdder();
    private final LongAdder failures = new LongAdder();
    final AtomicInteger forksStarted = new AtomicInteger();
    final AtomicInteger forkFailures = new AtomicInteger();
    private final Map<RunId, Streak> streaks = new ConcurrentHashMap<>();

    /** Counts {@code publish} to {@code run} as an event once confirmed, or as a failure. */
    void track(RunId run, CompletableFuture<Long> publish) {
        publish.whenComplete((seq, error) -> {
            if (error == null) {
                events.increment();
                Streak s = streaks.get(run);
                if (s != null) {
                    s.succeeded(run);
                }
            } else {
                failed(run, error);
            }
        });
    }

    void failed(RunId run, Throwable error) {
        failures.increment();
        streaks.computeIfAbsent(run, r -> new Streak()).failed(run, error);
    }

    /** Logs one line per run whose publishes were still failing at the end, with its count. */
    void reportStillFailing() {
        streaks.forEach((run, s) -> s.reportIfFailing(run));
    }

    long events() {
        return events.sum();
    }

    long failures() {
        return failures.sum();
    }

    /** One run's failure state: failing or not, and how many failures since it started failing. */
    private static final class Streak {
        private boolean failing;
        private long count;
        private String firstError;

        synchronized void failed(RunId run, Throwable error) {
            count++;
            if (!failing) {
                failing = true;
                firstError = error.toString();
                LOG.warn(
                        "race run {}: publish failed (further failures of this run are counted, not logged,"
                                + " until one succeeds): {}",
                        run.prefix(),
                        firstError);
            }
        }

        synchronized void succeeded(RunId run) {
            if (failing) {
                failing = false;
                LOG.info("race run {}: publishes succeed again after {} failure(s)", run.prefix(), count);
                count = 0;
            }
        }

        synchronized void reportIfFailing(RunId run) {
            if (failing) {
                LOG.warn(
                        "race run {}: {} publish(es) failed and none succeeded since: {}",
                        run.prefix(),
                        count,
                        firstError);
            }
        }
    }
}
