package dev.arena.traffic;

import java.time.Duration;

/**
 * A snapshot of a running {@link Race}, handed to its listener about four times a second.
 *
 * @param events       events confirmed by the broker so far ({@code run.start}s included)
 * @param failures     publishes the broker refused or failed to confirm
 * @param forksStarted fork requests accepted
 * @param forkFailures fork requests that failed
 */
public record RaceProgress(
        Duration elapsed, Duration duration, int runs, long events, long failures, int forksStarted, int forkFailures) {

    /** Achieved events per second so far. */
    public double rate() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : events / seconds;
    }

    /** Fraction of the duration elapsed, within [0, 1]. */
    public double fraction() {
        return Math.min(1.0, Math.max(0.0, (double) elapsed.toNanos() / duration.toNanos()));
    }
}
