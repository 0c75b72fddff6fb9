package dev.arena.broker.inprocess;

import dev.arena.broker.BrokerOverflowException;
import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.EventTooLargeException;
import dev.arena.broker.RunClosedException;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.broker.RunOutcome;
import dev.arena.wire.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One run's retained events: a ring that grows up to the retention bound and then overwrites the
 * oldest, plus the readers waiting for more. All state is guarded by one lock; reader callbacks
 * are collected under it and run after it is released.
 */
final class RunLog {

    final RunId id;
    final RunId parent;
    private final int maxLen;
    private final int maxCap;
    private final ReentrantLock lock = new ReentrantLock();

    private Envelope[] ring = new Envelope[16];
    private long head = 1;
    private long last;
    private RunStatus status = RunStatus.RUNNING;
    private Instant startedAt;
    private Instant finishedAt;
    private Instant lastEventAt;
    private boolean dropped;
    private int subscribers;
    private List<InProcessSubscription> waiting = new ArrayList<>();

    RunLog(RunId id, RunId parent, int maxLen) {
        this.id = id;
        this.parent = parent;
        this.maxLen = maxLen;
        this.maxCap = Integer.highestOneBit(Math.max(1, maxLen - 1)) << 1;
    }

    /**
     * Appends under the lock and returns the assigned seq; readers waiting are woken after unlock.
     *
     * @throws RunClosedException when the run already ended
     * @throws EventTooLargeException when the envelope would exceed {@code maxEventBytes}
     */
    long append(Event event, Instant now, RunOutcome outcome, int maxEventBytes) {
        List<InProcessSubscription> wake;
        long seq;
        lock.lock();
        try {
            if (dropped || status != RunStatus.RUNNING) {
                throw new RunClosedException(id);
            }
            seq = last + 1;
            int size = Envelope.sizeFor(event, seq);
            if (size > maxEventBytes) {
                throw new EventTooLargeException(id, event.kind(), size, maxEventBytes);
            }
            store(Envelope.of(id, seq, event, now));
            last = seq;
            lastEventAt = now;
            if (seq == 1) {
                startedAt = now;
            }
            if (outcome != null) {
                status = outcome.status();
                finishedAt = now;
            }
            wake = takeWaiting();
        } finally {
            lock.unlock();
        }
        wakeAll(wake);
        return seq;
    }

    private void store(Envelope e) {
        long count = e.seq() - head;
        if (count >= ring.length && ring.length < maxCap) {
            grow();
        }
        if (e.seq() - head >= maxLen) {
            ring[slot(head)] = null;
            head++;
        }
        ring[slot(e.seq())] = e;
    }

    private void grow() {
        Envelope[] bigger = new Envelope[ring.length * 2];
        for (long s = head; s <= last; s++) {
            bigger[(int) (s & (bigger.length - 1))] = ring[slot(s)];
        }
        ring = bigger;
    }

    private int slot(long seq) {
        return (int) (seq & (ring.length - 1));
    }

    /**
     * The envelope at {@code seq} if retained and published, null if not yet published.
     *
     * @throws BrokerOverflowException if {@code seq} is older than the head or the run was dropped
     */
    Envelope get(long seq) {
        lock.lock();
        try {
            return getLocked(seq);
        } finally {
            lock.unlock();
        }
    }

    private Envelope getLocked(long seq) {
        if (dropped) {
            throw new BrokerOverflowException(id, seq, last + 1);
        }
        if (seq < head) {
            throw new BrokerOverflowException(id, seq, head);
        }
        return seq <= last ? ring[slot(seq)] : null;
    }

    List<Envelope> read(long fromSeq, int max) {
        lock.lock();
        try {
            List<Envelope> out = new ArrayList<>((int) Math.min(Math.max(0, max), Math.max(0, last - fromSeq + 1)));
            for (long s = Math.max(1, fromSeq); s <= last && out.size() < max; s++) {
                out.add(getLocked(s));
            }
            if (fromSeq < head && !dropped) {
                throw new BrokerOverflowException(id, fromSeq, head);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Registers {@code sub} to be woken; returns false (and registers nothing) if it can proceed now. */
    boolean awaitMore(InProcessSubscription sub, long nextSeq) {
        lock.lock();
        try {
            if (dropped || nextSeq <= last || nextSeq < head) {
                return false;
            }
            waiting.add(sub);
            return true;
        } finally {
            lock.unlock();
        }
    }

    void subscribed(int delta) {
        lock.lock();
        try {
            subscribers += delta;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Frees the slots below {@code minSeq}, capped at the last seq so the newest event stays; readers behind
     * the new head see overflow on their next poll.
     *
     * @return how many events were removed
     */
    long trimBefore(long minSeq) {
        lock.lock();
        try {
            if (dropped || last == 0) {
                return 0;
            }
            long to = Math.min(minSeq, last);
            long removed = 0;
            while (head < to) {
                ring[slot(head)] = null;
                head++;
                removed++;
            }
            return removed;
        } finally {
            lock.unlock();
        }
    }

    /** Marks the run dropped and wakes every reader (they will see overflow). */
    void drop() {
        List<InProcessSubscription> wake;
        lock.lock();
        try {
            dropped = true;
            ring = new Envelope[1];
            wake = takeWaiting();
        } finally {
            lock.unlock();
        }
        wakeAll(wake);
    }

    boolean isOpen() {
        lock.lock();
        try {
            return status == RunStatus.RUNNING && !dropped;
        } finally {
            lock.unlock();
        }
    }

    /** True when the run closed before {@code cutoff}. */
    boolean closedBefore(Instant cutoff) {
        lock.lock();
        try {
            return finishedAt != null && finishedAt.isBefore(cutoff);
        } finally {
            lock.unlock();
        }
    }

    RunInfo info() {
        lock.lock();
        try {
            long length = dropped ? 0 : Math.max(0, last - head + 1);
            return new RunInfo(
                    id,
                    parent,
                    status,
                    startedAt,
                    finishedAt,
                    length == 0 ? 0 : head,
                    last,
                    length,
                    subscribers,
                    lastEventAt,
                    null);
        } finally {
            lock.unlock();
        }
    }

    private List<InProcessSubscription> takeWaiting() {
        if (waiting.isEmpty()) {
            return List.of();
        }
        List<InProcessSubscription> wake = waiting;
        waiting = new ArrayList<>();
        return wake;
    }

    private static void wakeAll(List<InProcessSubscription> wake) {
        for (InProcessSubscription s : wake) {
            s.fire();
        }
    }
}
