package dev.arena.broker;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A broker that passes every call to another, for decorators that change a few calls and keep
 * the rest ({@link BestEffortBroker} guards the writes; a test can wedge the reads). Subclasses
 * override only what they change; the decorated broker is closed with this one.
 */
public abstract class ForwardingBroker implements EventBroker {

    private final EventBroker delegate;

    protected ForwardingBroker(EventBroker delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The decorated broker. */
    protected final EventBroker delegate() {
        return delegate;
    }

    @Override
    public String backend() {
        return delegate.backend();
    }

    @Override
    public String topology() {
        return delegate.topology();
    }

    @Override
    public CompletableFuture<Long> openRun(RunId run, Object startPayload) {
        return delegate.openRun(run, startPayload);
    }

    @Override
    public CompletableFuture<Long> publish(RunId run, Event event) {
        return delegate.publish(run, event);
    }

    @Override
    public CompletableFuture<Long> closeRun(RunId run, RunOutcome outcome, Object payload) {
        return delegate.closeRun(run, outcome, payload);
    }

    @Override
    public void flush(Duration timeout) {
        delegate.flush(timeout);
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
    public long trimBefore(RunId run, long minSeq) {
        return delegate.trimBefore(run, minSeq);
    }

    @Override
    public BrokerMetrics metrics() {
        return delegate.metrics();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
