package dev.arena.broker;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a broker for producers whose own work must never fail because the event stream did:
 * writes never throw, and a failure streak is logged once (when it starts) and once more when
 * it ends. Failed writes complete their future with -1. Reads pass through unchanged.
 */
public final class BestEffortBroker implements EventBroker {

    private static final Logger LOG = LoggerFactory.getLogger(BestEffortBroker.class);

    private final EventBroker delegate;
    private final AtomicBoolean failing = new AtomicBoolean();

    public BestEffortBroker(EventBroker delegate) {
        this.delegate = delegate;
    }

    @Override
    public String backend() {
        return delegate.backend();
    }

    @Override
    public CompletableFuture<Long> openRun(RunId run, Object startPayload) {
        return guard("open", run, () -> delegate.openRun(run, startPayload));
    }

    @Override
    public CompletableFuture<Long> publish(RunId run, Event event) {
        return guard(event.kind(), run, () -> delegate.publish(run, event));
    }

    @Override
    public CompletableFuture<Long> closeRun(RunId run, RunOutcome outcome, Object payload) {
        return guard(outcome.kind(), run, () -> delegate.closeRun(run, outcome, payload));
    }

    private CompletableFuture<Long> guard(String what, RunId run, java.util.function.Supplier<CompletableFuture<Long>> call) {
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
                LOG.info("event publishing recovered (backend {})", delegate.backend());
            }
            return seq;
        });
    }

    private void failed(String what, RunId run, Throwable e) {
        if (failing.compareAndSet(false, true)) {
            LOG.warn("event publishing failed ({} for run {}): {}; further failures are not logged until it recovers",
                    what, run, e.getMessage());
        }
    }

    /** True while the current streak of failures lasts. */
    public boolean isFailing() {
        return failing.get();
    }

    @Override
    public void flush(Duration timeout) {
        try {
            delegate.flush(timeout);
        } catch (RuntimeException e) {
            failed("flush", null, e);
        }
    }

    @Override
    public Subscription subscribe(RunId run, long fromSeq) {
        return delegate.subscribe(run, fromSeq);
    }

    @Override
    public List<Envelope> read(RunId run, long fromSeq, int max) {
        return delegate.read(run, fromSeq, max);
    }

    @Override
    public List<RunInfo> runs() {
        return delegate.runs();
    }

    @Override
    public Optional<RunInfo> run(RunId run) {
        return delegate.run(run);
    }

    @Override
    public void drop(RunId run) {
        delegate.drop(run);
    }

    @Override
    public BrokerMetrics metrics() {
        return delegate.metrics();
    }

    @Override
    public void close() {
        try {
            delegate.close();
        } catch (RuntimeException e) {
            failed("close", null, e);
        }
    }
}
