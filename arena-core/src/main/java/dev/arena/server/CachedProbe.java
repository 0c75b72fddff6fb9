package dev.arena.server;

import dev.arena.time.Ticker;
import dev.arena.wire.DependencyStatus;
import dev.arena.wire.Readiness;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One dependency's check for {@code /health/ready}, cached and bounded: a result younger than {@code fresh} is answered
 * as it is; otherwise one check runs on {@code executor} (never two at once, however many requests ask) and a caller
 * waits for it at most {@code bound}, then answers {@code down} ("no answer within …") while the check goes on. So a
 * dependency that hangs costs each request at most {@code bound}, and the dependency at most one check per
 * {@code fresh}. Thread-safe.
 */
final class CachedProbe {

    /** The check: returns what answered (shown as the detail), or throws saying what failed (already masked). */
    @FunctionalInterface
    interface Check {
        String run() throws Exception;
    }

    private record Outcome(boolean ok, String detail, long atNanos) {}

    private final Check check;
    private final Duration fresh;
    private final Duration bound;
    private final Ticker ticker;
    private final Executor executor;
    private Outcome last;
    private CompletableFuture<Outcome> running;

    CachedProbe(Check check, Duration fresh, Duration bound, Ticker ticker, Executor executor) {
        this.check = check;
        this.fresh = fresh;
        this.bound = bound;
        this.ticker = ticker;
        this.executor = executor;
    }

    /** The dependency's status now: the cached result, or a new check's, or {@code down} after {@code bound}. */
    Readiness.Dependency current() {
        CompletableFuture<Outcome> pending;
        synchronized (this) {
            if (last != null && ticker.since(last.atNanos()).compareTo(fresh) < 0) {
                return shown(last);
            }
            pending = running;
            if (pending == null) {
                CompletableFuture<Outcome> started = CompletableFuture.supplyAsync(this::runCheck, executor);
                running = started;
                started.whenComplete((outcome, failure) -> settle(started, outcome)); // may run right here
                pending = started;
            }
        }
        try {
            return shown(pending.get(bound.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return new Readiness.Dependency(
                    DependencyStatus.DOWN, "no answer within " + bound.toMillis() + " ms (still checking)", 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Readiness.Dependency(DependencyStatus.DOWN, "not checked: interrupted", 0);
        } catch (ExecutionException e) {
            return new Readiness.Dependency(DependencyStatus.DOWN, String.valueOf(e.getCause()), 0);
        }
    }

    private synchronized void settle(CompletableFuture<Outcome> check, Outcome outcome) {
        if (outcome != null) {
            last = outcome;
        }
        if (running == check) {
            running = null;
        }
    }

    private Outcome runCheck() {
        String detail;
        boolean ok;
        try {
            detail = check.run();
            ok = true;
        } catch (Exception e) {
            detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            ok = false;
        }
        return new Outcome(ok, detail, ticker.nanos());
    }

    private Readiness.Dependency shown(Outcome outcome) {
        return new Readiness.Dependency(
                outcome.ok() ? DependencyStatus.OK : DependencyStatus.DOWN,
                outcome.detail(),
                ticker.since(outcome.atNanos()).toMillis());
    }
}
