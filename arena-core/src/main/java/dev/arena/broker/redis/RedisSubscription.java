package dev.arena.broker.redis;

import dev.arena.broker.BrokerOverflowException;
import dev.arena.broker.Envelope;
import dev.arena.broker.RunId;
import dev.arena.broker.Subscription;
import dev.arena.broker.Wakeup;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reader's cursor on one run. Live events come from the shared {@link RunTail} the broker's one
 * tailer fills; anything older than the tail's cache is fetched in pages with a non-blocking
 * {@code XRANGE} on the shared connection. No thread is parked per subscription.
 */
final class RedisSubscription implements Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(RedisSubscription.class);

    /** Fetches history pages and reports back; implemented by {@link StreamHistory} over the shared connection. */
    interface HistorySource {
        /** Reads entries from {@code fromSeq} on; calls back exactly once, off the caller's thread. */
        void fetch(RunKeys keys, long fromSeq, int max, HistoryCallback callback);
    }

    interface HistoryCallback {
        /**
         * {@code entries} ascending (empty when none are left at or after the seq), or {@code error};
         * {@code streamBorn} is {@link StreamBirth#firstSeq} when the page starts past the asked seq, else 0.
         */
        void done(List<Envelope> entries, Throwable error, long streamBorn);
    }

    static final int PAGE = 256;

    private final RunTail tail;
    private final HistorySource history;
    private final LocalCounters counters;
    private final Runnable release;
    private final Wakeup wakeup;
    private final AtomicBoolean released = new AtomicBoolean();
    private final AtomicBoolean fetching = new AtomicBoolean();
    private final ArrayDeque<Envelope> page = new ArrayDeque<>();
    private volatile BrokerOverflowException overflow;
    private volatile long next;
    private volatile boolean finished;

    RedisSubscription(RunTail tail, long fromSeq, HistorySource history, LocalCounters counters, Runnable release) {
        this.tail = tail;
        this.wakeup = new Wakeup(tail.run);
        this.history = history;
        this.counters = counters;
        this.release = release;
        this.next = Math.max(1, fromSeq);
    }

    /**
     * Marks overflow at once when the reader starts below the stream's first entry {@code head}: {@code lost}
     * when the seq is older than the stream itself ({@code streamBorn}: its keys were deleted and the producer
     * went on), else trimmed.
     */
    void startsBelow(long head, long streamBorn) {
        if (next < head) {
            overflow = next < streamBorn
                    ? BrokerOverflowException.lost(tail.run, next)
                    : new BrokerOverflowException(tail.run, next, head);
        }
    }

    @Override
    public RunId run() {
        return tail.run;
    }

    @Override
    public long nextSeq() {
        return next;
    }

    @Override
    public Envelope poll() {
        if (finished) {
            return null;
        }
        BrokerOverflowException o = overflow;
        if (o != null) {
            dropOnOverflow();
            throw o;
        }
        Envelope e = fromPage(next);
        if (e == null) {
            RunTail.Lookup l = tail.lookup(next, this, false);
            switch (l.where()) {
                case GONE -> {
                    overflow = l.lost()
                            ? BrokerOverflowException.lost(tail.run, next)
                            : new BrokerOverflowException(tail.run, next, l.availableFrom());
                    dropOnOverflow();
                    throw overflow;
                }
                case FUTURE -> {
                    return null;
                }
                case HISTORY -> {
                    startFetch();
                    return null;
                }
                default -> e = l.envelope();
            }
            if (e == null || e.seq() != next) {
                startFetch(); // the cache slot was overwritten meanwhile: read it from the stream
                return null;
            }
        }
        next = e.seq() + 1;
        counters.streamed.increment();
        if (e.isTerminal()) {
            finish();
        }
        return e;
    }

    @Override
    public boolean isFinished() {
        return finished;
    }

    @Override
    public void onReady(Runnable cb) {
        wakeup.arm(cb);
        if (readyNow()) {
            fire();
        }
    }

    private boolean readyNow() {
        if (finished || overflow != null) {
            return true;
        }
        synchronized (page) {
            if (!page.isEmpty() && page.peekFirst().seq() <= next) {
                return true;
            }
        }
        if (fetching.get()) {
            return false; // the fetch completion fires the callback
        }
        RunTail.Lookup l = tail.lookup(next, this, true);
        if (l.where() == RunTail.Where.HISTORY) {
            startFetch();
            return false;
        }
        return l.where() != RunTail.Where.FUTURE;
    }

    private Envelope fromPage(long seq) {
        synchronized (page) {
            while (!page.isEmpty() && page.peekFirst().seq() < seq) {
                page.pollFirst();
            }
            return !page.isEmpty() && page.peekFirst().seq() == seq ? page.pollFirst() : null;
        }
    }

    private void startFetch() {
        if (finished || !fetching.compareAndSet(false, true)) {
            return;
        }
        long from = next;
        history.fetch(tail.keys, from, PAGE, (entries, error, streamBorn) -> {
            if (error != null) {
                LOG.debug("history read for {} from seq {} failed: {}", tail.run, from, error.toString());
            } else if (entries.isEmpty() && !tail.ended()) {
                // Everything at or after `from` is gone although the tail had seen it and the run is open: lost.
                tail.lose(counters);
                overflow = BrokerOverflowException.lost(tail.run, from);
            } else if (entries.isEmpty()) {
                // Everything at or after `from` is gone after the run ended: its retention is over.
                overflow = new BrokerOverflowException(tail.run, from, tail.last() + 1);
            } else if (entries.get(0).seq() > from) {
                overflow = from < streamBorn
                        ? BrokerOverflowException.lost(tail.run, from) // older than the stream: deleted, not trimmed
                        : new BrokerOverflowException(
                                tail.run, from, entries.get(0).seq());
            } else {
                synchronized (page) {
                    page.clear();
                    page.addAll(entries);
                }
            }
            fetching.set(false);
            fire();
        });
    }

    /** Runs and clears the pending callback, if any. */
    void fire() {
        wakeup.fire();
    }

    static void fireAll(List<RedisSubscription> subs) {
        for (RedisSubscription s : subs) {
            s.fire();
        }
    }

    @Override
    public void evict() {
        if (!finished) {
            counters.dropped.increment();
        }
        close();
    }

    @Override
    public void close() {
        finish();
        fire();
    }

    private void dropOnOverflow() {
        if (!finished) {
            counters.dropped.increment();
        }
        finish();
    }

    private void finish() {
        finished = true;
        if (released.compareAndSet(false, true)) {
            release.run();
        }
    }
}
