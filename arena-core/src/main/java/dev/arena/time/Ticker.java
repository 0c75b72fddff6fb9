package dev.arena.time;

import java.time.Duration;

/**
 * Monotonic time and waiting, injected wherever elapsed time or a pause decides behaviour (timeouts,
 * idle windows, back-off, pacing), so tests can drive time instead of sleeping. Wall-clock time
 * (timestamps written on the wire) stays a {@link java.time.Clock}; this is the other half, the
 * stopwatch. Implementations are thread-safe.
 */
public interface Ticker {

    /** Nanoseconds from an arbitrary origin; only differences mean anything (like {@link System#nanoTime}). */
    long nanos();

    /**
     * Waits {@code duration} (nothing for zero or negative). Throws when interrupted, so a caller
     * that cannot throw must restore the flag; {@link #pause} does that.
     */
    void sleep(Duration duration) throws InterruptedException;

    /**
     * Waits {@code duration}, or less when the thread is interrupted; the interrupt flag is then set
     * again so the caller's loop can see it and stop.
     *
     * @return false when interrupted
     */
    default boolean pause(Duration duration) {
        try {
            sleep(duration);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Time elapsed since {@code startNanos}, a value read from {@link #nanos()} earlier. */
    default Duration since(long startNanos) {
        return Duration.ofNanos(nanos() - startNanos);
    }

    /** The real ticker: {@link System#nanoTime} and {@link Thread#sleep}. */
    static Ticker system() {
        return SystemTicker.INSTANCE;
    }
}
