package dev.arena.traffic;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link Race} does.
 *
 * @param runs            concurrent runs (1..10,000)
 * @param eventsPerSecond target publish rate over all runs together (&gt; 0, at most 1,000,000)
 * @param duration        how long to publish before closing every run
 * @param forks           forks to request while racing, spread evenly over the duration
 * @param seed            makes every run's event sequence reproducible
 */
public record RaceOptions(int runs, double eventsPerSecond, Duration duration, int forks, long seed) {

    public RaceOptions {
        Objects.requireNonNull(duration, "duration");
        if (runs < 1 || runs > 10_000) {
            throw new IllegalArgumentException("--runs must be between 1 and 10000, got " + runs);
        }
        if (!(eventsPerSecond > 0) || eventsPerSecond > 1_000_000) {
            throw new IllegalArgumentException(
                    "--rate must be a number of events per second above 0 and at most 1000000, got " + eventsPerSecond);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--duration must be positive, got " + duration);
        }
        if (forks < 0 || forks > 10_000) {
            throw new IllegalArgumentException("--forks must be between 0 and 10000, got " + forks);
        }
    }
}
