package dev.arena.diag;

import java.time.Duration;

/**
 * Waits for a while, so logic that observes something over a window (triage) can be tested
 * without time passing: tests pass a recording or clock-advancing sleeper. Like Caffeine's
 * {@code Ticker}, the real one is a constant.
 */
@FunctionalInterface
public interface Sleeper {

    /** The real sleeper: {@link Thread#sleep}; on interrupt it returns early with the interrupt flag restored. */
    Sleeper SYSTEM = duration -> {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    };

    /** Waits {@code duration}, or less when the thread is interrupted (the flag is then set again). */
    void sleep(Duration duration);
}
