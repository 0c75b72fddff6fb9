package dev.arena.broker;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The event broker (docs/design.md, "Broker contract"): producers open a run, publish events that get contiguous seqs from 1,
 * and close it with one terminal event; readers subscribe from any retained seq and live-tail
 * until the terminal event. Both backends ({@code inprocess}, {@code redis}) honour one contract,
 * proven by one test suite. Implementations are thread-safe; obtain one from {@link Brokers}.
 */
public interface EventBroker extends AutoCloseable {

    /** {@code inprocess} or {@code redis}. */
    String backend();

    /**
     * What the backend runs on, in one line for operators: {@code inprocess}, {@code redis
     * standalone host:port}, or a cluster's masters, replicas, slot coverage and state.
     */
    default String topology() {
        return backend();
    }

    /**
     * Opens a run: sets its sentinel and publishes {@code run.start} (seq 1) with {@code startPayload}
     * (best-effort JSON; a {@code parent_run_id} field marks a fork).
     *
     * @throws IllegalStateException if the run already exists (thrown or as the future's failure)
     */
    CompletableFuture<Long> openRun(RunId run, Object startPayload);

    /**
     * Publishes one event; the future completes with its seq once the backend has it (at once for
     * in-process; after the pipelined write for Redis). A terminal kind closes the run as
     * {@link #closeRun} would. Each failure below is either thrown at once or delivered as the
     * future's failure (a pipelining backend may only learn it from the server); callers handle both.
     *
     * @throws EventTooLargeException over {@code ARENA_MAX_EVENT_BYTES} (nothing published)
     * @throws UnknownRunException    the run was never opened here
     * @throws RunClosedException     the run already ended
     */
    CompletableFuture<Long> publish(RunId run, Event event);

    /** Publishes the terminal event for {@code outcome}, then removes the run's sentinel. */
    CompletableFuture<Long> closeRun(RunId run, RunOutcome outcome, Object payload);

    /**
     * Waits until everything published so far is durable in the backend.
     *
     * @throws BrokerException if that does not happen within {@code timeout}
     */
    void flush(Duration timeout);

    /**
     * Starts reading {@code run} at {@code fromSeq} (inclusive, at least 1). A {@code fromSeq} older
     * than the retained head surfaces as {@link BrokerOverflowException} from the first
     * {@link Subscription#poll()}.
     *
     * @throws UnknownRunException if the broker holds nothing for the run
     */
    Subscription subscribe(RunId run, long fromSeq);

    /**
     * Reads up to {@code max} retained events from {@code fromSeq} without subscribing.
     *
     * @throws BrokerOverflowException if {@code fromSeq} is older than the retained head
     * @throws UnknownRunException     if the broker holds nothing for the run
     */
    List<Envelope> read(RunId run, long fromSeq, int max);

    /** Every run the broker still holds (open, and closed within retention), newest first. */
    List<RunInfo> runs();

    /** One run's live view, or empty when the broker holds nothing for it. */
    Optional<RunInfo> run(RunId run);

    /** Forgets a run at once: its buffer or keys are deleted; subscribers see overflow. */
    void drop(RunId run);

    /**
     * Removes the run's retained events below {@code minSeq} ({@code XTRIM MINID <minSeq>-0} on Redis, exact;
     * the oldest slots of the in-process ring), never its newest event: a {@code minSeq} past the last seq
     * trims up to the last. For age-based retention; the archiver calls it only for events the store
     * already holds. Readers behind the new head see overflow, as after MAXLEN trimming. A run the broker
     * does not hold is left alone (no key is created).
     *
     * @return how many events were removed
     */
    long trimBefore(RunId run, long minSeq);

    /** The broker counters (docs/design.md, "Broker contract"). */
    BrokerMetrics metrics();

    /** Flushes (bounded) and releases every resource. Idempotent. */
    @Override
    void close();
}
