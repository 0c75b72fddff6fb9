package dev.arena.broker;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads a subscription the way the SSE server does — polling until empty, then asking to be
 * called back, on whatever thread calls it back, never parking — and records what it saw.
 */
public final class RecordingSubscriber {

    private final List<Long> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger errors = new AtomicInteger();
    private final Subscription sub;
    private final CountDownLatch finished;

    private RecordingSubscriber(Subscription sub, CountDownLatch finished) {
        this.sub = sub;
        this.finished = finished;
    }

    /** Starts reading {@code sub}; counts {@code finished} down once it ends (terminal event or error). */
    public static RecordingSubscriber start(Subscription sub, CountDownLatch finished) {
        RecordingSubscriber r = new RecordingSubscriber(sub, finished);
        r.pump();
        return r;
    }

    /** The seqs received, in the order they arrived. */
    public List<Long> seen() {
        return seen;
    }

    /** How many reads failed (overflow or another broker error). */
    public int errors() {
        return errors.get();
    }

    private void pump() {
        try {
            Envelope e;
            while ((e = sub.poll()) != null) {
                seen.add(e.seq());
            }
            if (sub.isFinished()) {
                finished.countDown();
            } else {
                sub.onReady(this::pump);
            }
        } catch (RuntimeException ex) {
            errors.incrementAndGet();
            finished.countDown();
        }
    }
}
