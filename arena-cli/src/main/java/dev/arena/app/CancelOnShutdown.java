package dev.arena.app;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C or SIGTERM while a producer command runs: the JVM's shutdown interrupts the thread that
 * produces, which then closes its open runs {@code run.cancelled} (as {@code Smoke} and {@code Race}
 * do when interrupted), and the shutdown waits, bounded, until that thread is done — so no run is
 * left open until its TTL. Opened on the producing thread; closed when it is done.
 */
final class CancelOnShutdown implements AutoCloseable {

    private final Thread hook;
    private final CountDownLatch done = new CountDownLatch(1);

    /** @param bound how long a shutdown waits for the runs to close */
    CancelOnShutdown(Duration bound) {
        Thread producer = Thread.currentThread();
        this.hook = new Thread(
                () -> {
                    producer.interrupt();
                    try {
                        done.await(bound.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "arena-cancel-on-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The producer is done: a shutdown from now on has nothing to wait for. */
    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and has just been released
        }
    }
}
