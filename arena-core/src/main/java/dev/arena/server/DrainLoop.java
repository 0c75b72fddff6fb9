package dev.arena.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a reader's drain so that calls from any number of threads never overlap and none is lost: a call made while
 * a drain runs makes that drain go round once more (the work-in-progress counter). Both transports' pumps are one.
 */
final class DrainLoop {

    private final AtomicInteger wip = new AtomicInteger();
    private final Runnable drain;
    private final Consumer<Throwable> onFailure;

    /** @param onFailure what a drain that threw does to its reader (end it); the loop carries on afterwards */
    DrainLoop(Runnable drain, Consumer<Throwable> onFailure) {
        this.drain = drain;
        this.onFailure = onFailure;
    }

    void run() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            try {
                drain.run();
            } catch (RuntimeException | Error e) {
                onFailure.accept(e);
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }
}
