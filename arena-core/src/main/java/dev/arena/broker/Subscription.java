package dev.arena.broker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

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
        ReentrantLock lock = new ReentrantLock();
        Condition signalled = lock.newCondition();
        long left = timeout.toNanos(); // awaitNanos counts it down, so no clock is read here
        while (true) {
            Envelope next = poll();
            if (next != null || isFinished()) {
                return next;
            }
            if (left <= 0) {
                return null;
            }
            AtomicBoolean ready = new AtomicBoolean();
            onReady(() -> {
                lock.lock();
                try {
                    ready.set(true);
                    signalled.signalAll();
                } finally {
                    lock.unlock();
                }
            });
            lock.lock();
            try {
                while (!ready.get() && left > 0) {
                    left = signalled.awaitNanos(left);
                }
            } finally {
                lock.unlock();
            }
            if (!ready.get()) {
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
