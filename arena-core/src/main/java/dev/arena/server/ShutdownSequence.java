package dev.arena.server;

import dev.arena.time.Ticker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs shutdown steps in order, each on its own daemon thread with a time bound: a step that
 * overruns or fails is logged loudly and the sequence moves on, so shutdown always ends.
 */
final class ShutdownSequence {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSequence.class);

    /** A step body that may throw. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private final Ticker ticker;
    private int overruns;

    ShutdownSequence(Ticker ticker) {
        this.ticker = ticker;
    }

    /** Runs {@code step}, waiting at most {@code bound}; returns true when it finished cleanly in time. */
    boolean step(String name, Duration bound, Step step) {
        long started = ticker.nanos();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread worker = new Thread(
                () -> {
                    try {
                        step.run();
                        done.complete(null);
                    } catch (Throwable t) {
                        done.completeExceptionally(t);
                    }
                },
                "arena-shutdown-" + name.replace(' ', '-'));
        worker.setDaemon(true);
        worker.start();
        try {
            done.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("shutdown: {} done in {} ms", name, ticker.since(started).toMillis());
            return true;
        } catch (TimeoutException e) {
            overruns++;
            LOG.error(
                    "SHUTDOWN STEP OVERRAN: '{}' did not finish within {} ms; moving on (it keeps running in the background)",
                    name,
                    bound.toMillis());
            return false;
        } catch (ExecutionException e) {
            overruns++;
            LOG.error("SHUTDOWN STEP FAILED: '{}': {}", name, e.getCause().toString(), e.getCause());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            overruns++;
            LOG.error("shutdown interrupted during '{}'", name);
            return false;
        }
    }

    /** Steps that overran or failed so far. */
    int overruns() {
        return overruns;
    }
}
