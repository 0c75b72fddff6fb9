package dev.arena.broker;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A reader's cursor on one run: envelopes come out in seq order with no gaps and no duplicates
 * until the terminal event, after which the subscription is finished.
 *
 * <p>Non-blocking use (SSE): call {@link #poll()} until it returns null, then register
 * {@link #onReady} to be told when to poll again; no thread is parked per reader. Blocking use:
 * {@link #take}. A subscription is used by one consumer at a time; {@code onReady} callbacks run
 * on broker threads and must not block.
 */
public interface Subscription extends AutoCloseable {

    RunId run();

    /** The seq the next {@link #poll()} will return. */
    long nextSeq();

    /**
     * The next envelope if one is ready, else null (nothing new yet, or finished).
     *
     * @throws BrokerOverflowException if the next seq is no longer retained
     */
    Envelope poll();

    /** True once the terminal event has been returned, or the subscription was closed. */
    boolean isFinished();

    /**
     * Runs {@code callback} once, as soon as {@link #poll()} may have something new (an event,
     * an overflow, or closure) — at once if it already has.
     */
    void onReady(Runnable callback);

    /**
     * Blocks until the next envelope, up to {@code timeout}.
     *
     * @return the envelope, or null on timeout or when finished
     * @throws BrokerOverflowException if the next seq is no longer retained
     */
    default Envelope take(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Envelope next = poll();
            if (next != null || isFinished()) {
                return next;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            CountDownLatch ready = new CountDownLatch(1);
            onReady(ready::countDown);
            if (!ready.await(left, TimeUnit.NANOSECONDS)) {
                return poll();
            }
        }
    }

    /** Closes this reader and counts it in {@code streams_dropped} (a client that could not keep up). */
    void evict();

    /** Stops reading; idempotent. */
    @Override
    void close();
}
