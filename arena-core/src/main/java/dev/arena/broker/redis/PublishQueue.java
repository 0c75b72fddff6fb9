package dev.arena.broker.redis;

import dev.arena.broker.BrokerException;
import dev.arena.time.Ticker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-over between publishing threads and the writer: accepted publishes in order,
 * how many were accepted and how many settled (confirmed or failed) so {@link #flush} can wait, and
 * the outage bound — at most {@code maxQueued} unsettled publishes, each waiting at most
 * {@code maxWait}. While Redis is reachable a full queue makes publishers wait (backpressure);
 * while it is not, a publish that finds the queue full fails at once. Thread-safe.
 */
final class PublishQueue {

    private final int maxQueued;
    private final long maxWaitNanos;
    private final String where;
    private final LocalCounters counters;
    private final Ticker ticker;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition progress = lock.newCondition();
    private ArrayDeque<PendingPublish> queue = new ArrayDeque<>();
    /** Writer side only: the emptied deque {@link #drainAll} swaps in for the next one it takes. */
    private ArrayDeque<PendingPublish> spare = new ArrayDeque<>();

    private long accepted;
    private long settled;
    private boolean writerWaiting;
    private volatile boolean closed;
    private volatile boolean linkUp;
    private volatile String linkError = "not connected yet";
    private volatile long statsBacklog;

    PublishQueue(int maxQueued, Duration maxWait, String where, LocalCounters counters, Ticker ticker) {
        if (maxQueued < 1) {
            throw new IllegalArgumentException("publish queue bound must be at least 1, got " + maxQueued);
        }
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("publish wait bound must be positive, got " + maxWait);
        }
        this.maxQueued = maxQueued;
        this.maxWaitNanos = maxWait.toNanos();
        this.where = where;
        this.counters = counters;
        this.ticker = ticker;
    }

    /** Queues {@code p}, waiting for room while Redis is reachable; fails its future when there is none. */
    void submit(PendingPublish p) {
        lock.lock();
        try {
            if (closed) {
                throw new BrokerException("the Redis broker is closed; publish refused");
            }
            while (accepted - settled >= maxQueued) {
                long waited = ticker.nanos() - p.acceptedNanos;
                if (!linkUp || waited >= maxWaitNanos) {
                    counters.publishFailed(1);
                    p.future.completeExceptionally(new BrokerException("publish to run " + p.run.run + " refused: "
                            + (accepted - settled) + " publishes already wait for Redis at " + where + " ("
                            + (linkUp ? "connected but slow" : linkError) + "); the queue bound is " + maxQueued
                            + ". The event was NOT written"));
                    return;
                }
                progress.awaitNanos(maxWaitNanos - waited);
            }
            queue.add(p);
            accepted++;
            if (writerWaiting) {
                work.signal();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            counters.publishFailed(1);
            p.future.completeExceptionally(new BrokerException(
                    "interrupted while waiting for room in the publish queue; the event was NOT written", e));
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every publish accepted before this call is confirmed or failed (and, if connected, counted). */
    void flush(Duration timeout) {
        long left = timeout.toNanos(); // awaitNanos counts it down
        lock.lock();
        try {
            long target = accepted;
            while (settled < target || (statsBacklog > 0 && linkUp)) {
                if (left <= 0) {
                    if (settled < target) {
                        throw new BrokerException("flush timed out after " + timeout.toMillis() + " ms: "
                                + (target - settled) + " publishes not yet confirmed by Redis at " + where + " ("
                                + (linkUp ? "connected" : linkError) + ")");
                    }
                    return;
                }
                if (writerWaiting) {
                    work.signal();
                }
                left = progress.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while flushing the Redis broker", e);
        } finally {
            lock.unlock();
        }
    }

    /** Refuses further publishes and wakes the writer. */
    void close() {
        lock.lock();
        try {
            closed = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Writer side: moves every queued publish, oldest first, to the end of {@code out}. It takes the whole deque in
     * one swap and copies outside the lock, so publishing threads never wait for the copy.
     */
    void drainAll(Collection<PendingPublish> out) {
        ArrayDeque<PendingPublish> taken;
        lock.lock();
        try {
            taken = queue;
            queue = spare;
        } finally {
            lock.unlock();
        }
        out.addAll(taken);
        taken.clear();
        spare = taken;
    }

    boolean isEmpty() {
        lock.lock();
        try {
            return queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Writer side: waits up to {@code ms} for a publish (or a flush or close asking for attention). */
    void awaitWork(long ms) throws InterruptedException {
        lock.lock();
        try {
            if (queue.isEmpty() && !closed) {
                writerWaiting = true;
                try {
                    work.await(ms, TimeUnit.MILLISECONDS);
                } finally {
                    writerWaiting = false;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Writer side: {@code n} more publishes were confirmed or failed. */
    void settle(int n) {
        lock.lock();
        try {
            settled += n;
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Writer side: removes the queued publishes accepted before {@code cutoffNanos} (never sent, so never written). */
    List<PendingPublish> takeOverdue(long cutoffNanos) {
        List<PendingPublish> overdue = new ArrayList<>();
        lock.lock();
        try {
            for (Iterator<PendingPublish> it = queue.iterator(); it.hasNext(); ) {
                PendingPublish p = it.next();
                if (p.acceptedNanos - cutoffNanos >= 0) {
                    break;
                }
                it.remove();
                overdue.add(p);
            }
        } finally {
            lock.unlock();
        }
        return overdue;
    }

    /** Writer side: empties the queue, for failing what is left at shutdown. */
    List<PendingPublish> takeAll() {
        lock.lock();
        try {
            List<PendingPublish> all = new ArrayList<>(queue);
            queue.clear();
            return all;
        } finally {
            lock.unlock();
        }
    }

    BrokerException notConfirmed(PendingPublish p, String why, String outcome) {
        return new BrokerException("publish to run " + p.run.run + " not confirmed within "
                + TimeUnit.NANOSECONDS.toMillis(maxWaitNanos) + " ms: " + why + "; " + outcome);
    }

    long maxWaitNanos() {
        return maxWaitNanos;
    }

    int maxQueued() {
        return maxQueued;
    }

    void linkUp() {
        linkUp = true;
        settle(0);
    }

    void linkDown(String error) {
        linkError = error;
        linkUp = false;
        settle(0);
    }

    boolean isLinkUp() {
        return linkUp;
    }

    String linkError() {
        return linkError;
    }

    void statsBacklog(long n) {
        statsBacklog = n;
    }
}
