package dev.arena.server;

import io.prometheus.metrics.core.metrics.Histogram;
import java.time.Clock;
import java.time.Instant;

/**
 * Publish → SSE delivery lag: the seconds from an envelope's {@code ts} to the moment an SSE stream
 * hands its frame to the connection. Cheap enough for the hot path: one clock read per write batch
 * ({@link #now()}) and one histogram observation per event frame; a negative difference (clock skew
 * between a producer and this server, on Redis) counts as zero. Replays from an old seq are
 * observed too and show as large values.
 */
final class DeliveryLag {

    private final Histogram histogram;
    private final Clock clock;

    DeliveryLag(Histogram histogram, Clock clock) {
        this.histogram = histogram;
        this.clock = clock;
    }

    /** The write time to pass to {@link #observe} for every frame of one batch. */
    Instant now() {
        return clock.instant();
    }

    void observe(Instant published, Instant written) {
        long seconds = written.getEpochSecond() - published.getEpochSecond();
        long nanos = written.getNano() - published.getNano();
        double lag = seconds + nanos / 1e9;
        histogram.observe(lag > 0 ? lag : 0);
    }
}
