package dev.arena.broker;

import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-shot wake-up a {@link Subscription} holds for its consumer, the same on both backends: armed
 * by {@link Subscription#onReady}, run at most once by whichever thread sees the subscription ready
 * first (a publisher, a Redis reply, a close). A callback that throws is logged and dropped, never
 * thrown into the publisher's thread or Redis's I/O thread.
 */
public final class Wakeup {

    private static final Logger LOG = LoggerFactory.getLogger(Wakeup.class);

    private final RunId run;
    private final AtomicReference<Runnable> pending = new AtomicReference<>();

    public Wakeup(RunId run) {
        this.run = run;
    }

    /** Sets the callback the next {@link #fire()} runs, replacing one not yet run. */
    public void arm(Runnable callback) {
        pending.set(callback);
    }

    /** Runs and clears the armed callback, if any. */
    public void fire() {
        Runnable callback = pending.getAndSet(null);
        if (callback == null) {
            return;
        }
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.warn("subscription callback for run {} failed", run, e);
        }
    }
}
