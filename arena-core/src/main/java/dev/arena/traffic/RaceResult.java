package dev.arena.traffic;

import java.time.Duration;

/**
 * What a finished {@link Race} achieved.
 *
 * @param events        events the broker confirmed, {@code run.start} and {@code run.complete} included
 * @param publishWindow the time spent publishing (the rate's denominator; closing is not included)
 * @param failures      publishes refused or not confirmed
 * @param stoppedEarly  true when {@link Race#stop()} ended it before its duration
 */
public record RaceResult(
        int runs,
        long events,
        Duration publishWindow,
        long failures,
        int forksStarted,
        int forkFailures,
        double targetRate,
        boolean stoppedEarly) {

    /** Confirmed events per second over the publish window. */
    public double achievedRate() {
        double seconds = publishWindow.toNanos() / 1e9;
        return seconds <= 0 ? 0 : events / seconds;
    }

    /** True when nothing failed. */
    public boolean clean() {
        return failures == 0 && forkFailures == 0;
    }
}
