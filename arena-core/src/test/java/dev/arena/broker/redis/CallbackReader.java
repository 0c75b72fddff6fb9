package dev.arena.broker.redis;

import dev.arena.broker.Envelope;
import dev.arena.broker.Subscription;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** Reads a subscription the way the SSE server does — on whatever thread calls it back, never parking. */
final class CallbackReader {

    final List<Long> seen = new CopyOnWriteArrayList<>();
    private final Subscription sub;
    private final CountDownLatch finished;

    private CallbackReader(Subscription sub, CountDownLatch finished) {
        this.sub = sub;
        this.finished = finished;
    }

    /** Starts reading {@code sub}; counts {@code finished} down once it ends (terminal event or error). */
    static CallbackReader start(Subscription sub, CountDownLatch finished) {
        CallbackReader r = new CallbackReader(sub, finished);
        r.pump();
        return r;
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
            finished.countDown();
        }
    }
}
