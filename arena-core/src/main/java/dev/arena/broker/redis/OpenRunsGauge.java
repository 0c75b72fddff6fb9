package dev.arena.broker.redis;

import dev.arena.error.BackendUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code runs_open} for Redis: the number of {@code :open} sentinels, counted with one SCAN pass
 * at most once per second however often metrics are read, so a console refreshing every few
 * seconds never turns into a keyspace scan per request. A run opened or closed by this process
 * invalidates the cached value at once. Keeps the last value while Redis is away.
 */
final class OpenRunsGauge {

    static final Duration MAX_AGE = Duration.ofSeconds(1);

    private final RunInspector inspector;
    private final Clock clock;
    private Instant at;
    private long value;

    OpenRunsGauge(RunInspector inspector, Clock clock) {
        this.inspector = inspector;
        this.clock = clock;
    }

    /** A run was opened or closed here: the next read counts again. */
    synchronized void invalidate() {
        at = null;
    }

    synchronized long get() {
        Instant now = clock.instant();
        if (at == null || !now.isBefore(at.plus(MAX_AGE))) {
            try {
                value = inspector.countOpen();
                at = now;
            } catch (BackendUnavailableException e) {
                // keep the last value; metrics must not fail because Redis blinked
            }
        }
        return value;
    }
}
