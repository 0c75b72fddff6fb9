package dev.arena.broker;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A broker that accepts everything and keeps nothing: for producers run where no event stream is
 * wanted or none can be reached ({@code arena smoke --best-effort} with the broker down, tests of
 * producer logic). Writes never throw, whatever a real broker would refuse, and complete at once
 * with seqs assigned per broker from 1. Reads agree that no run exists: {@link #runs()} is empty,
 * {@link #run} is empty, {@link #subscribe} and {@link #read} throw {@link UnknownRunException};
 * metrics stay {@link BrokerMetrics#ZERO}. Thread-safe; closing is a no-op.
 */
public final class NullBroker implements EventBroker {

    private final AtomicLong seq = new AtomicLong();

    @Override
    public String backend() {
        return "null";
    }

    @Override
    public CompletableFuture<Long> openRun(RunId run, Object startPayload) {
        return CompletableFuture.completedFuture(seq.incrementAndGet());
    }

    @Override
    public CompletableFuture<Long> publish(RunId run, Event event) {
        return CompletableFuture.completedFuture(seq.incrementAndGet());
    }

    @Override
    public CompletableFuture<Long> closeRun(RunId run, RunOutcome outcome, Object payload) {
        return CompletableFuture.completedFuture(seq.incrementAndGet());
    }

    @Override
    public void flush(Duration timeout) {}

    @Override
    public Subscription subscribe(RunId run, long fromSeq) {
        throw new UnknownRunException(run);
    }

    @Override
    public List<Envelope> read(RunId run, long fromSeq, int max) {
        throw new UnknownRunException(run);
    }

    @Override
    public List<RunInfo> runs() {
        return List.of();
    }

    @Override
    public Optional<RunInfo> run(RunId run) {
        return Optional.empty();
    }

    @Override
    public void drop(RunId run) {}

    @Override
    public long trimBefore(RunId run, long minSeq) {
        return 0;
    }

    @Override
    public BrokerMetrics metrics() {
        return BrokerMetrics.ZERO;
    }

    @Override
    public void close() {}
}
