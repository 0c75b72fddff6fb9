package dev.arena.broker;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publisher promise — publishing never breaks the producer — as a wrapper, for producers
 * whose own work must not fail because the event stream did: {@code openRun}, {@code publish},
 * {@code closeRun}, {@code flush} and {@code close} never throw, whether the broker throws at once
 * or fails the future. A failed write completes its future with -1 and is counted
 * ({@link #failures()}); a failure streak is logged once when it starts and once when it ends.
 * Reads pass through unchanged, failures included: the promise is the producer's. Thread-safe.
 */
public final class BestEffortBroker extends ForwardingBroker {

    private static final Logger LOG = LoggerFactory.getLogger(BestEffortBroker.class);

    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicLong failures = new AtomicLong();

    public BestEffortBroker(EventBroker delegate) {
        super(delegate);
    }

    @Override
    public CompletableFuture<Long> openRun(RunId run, Object startPayload) {
        return guard("open", run, () -> delegate().openRun(run, startPayload));
    }

    @Override
    public CompletableFuture<Long> publish(RunId run, Event event) {
        return guard(event.kind(), run, () -> delegate().publish(run, event));
    }

    @Override
    public CompletableFuture<Long> closeRun(RunId run, RunOutcome outcome, Object payload) {
        return guard(outcome.kind(), run, () -> delegate().closeRun(run, outcome, payload));
    }

    private CompletableFuture<Long> guard(String what, RunId run, Supplier<CompletableFuture<Long>> call) {
        CompletableFuture<Long> f;
        try {
            f = call.get();
        } catch (RuntimeException e) {
            failed(what, run, e);
            return CompletableFuture.completedFuture(-1L);
        }
        return f.handle((seq, error) -> {
            if (error != null) {
                failed(what, run, error);
                return -1L;
            }
            if (failing.compareAndSet(true, false)) {
                LOG.info("event publishing recovered (backend {})", delegate().backend());
            }
            return seq;
        });
    }

    private void failed(String what, RunId run, Throwable e) {
        failures.incrementAndGet();
        if (failing.compareAndSet(false, true)) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            LOG.warn(
                    "event publishing failed ({} for run {}): {}; further failures are not logged until it recovers",
                    what,
                    run,
                    cause.getMessage());
        }
    }

    /** True while the current streak of failures lasts. */
    public boolean isFailing() {
        return failing.get();
    }

    /** Writes (open, publish, close, flush, close of the broker) that failed since this wrapper was made. */
    public long failures() {
        return failures.get();
    }

    @Override
    public void flush(Duration timeout) {
        try {
            delegate().flush(timeout);
        } catch (RuntimeException e) {
            failed("flush", null, e);
        }
    }

    @Override
    public void close() {
        try {
            delegate().close();
        } catch (RuntimeException e) {
            failed("close", null, e);
        }
    }
}
