package dev.arena.server;

import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import java.time.Clock;
import java.time.Instant;

/**
 * Publish → delivery lag by transport: the seconds from an envelope's {@code ts} to the moment a reader's
 * stream (SSE or WebSocket) hands its frame to the connection. Cheap enough for the hot path: one clock read per write batch
 * ({@link #now()}) and one histogram observation per event frame; a negative difference (clock skew
 * between a producer and this server, on Redis) counts as zero. Replays from an old seq are
 * observed too and show as large values.
 */
final class DeliveryLag {

    private final Histogram histogram;
    private final Clock clock;
    private final DistributionDataPoint series;

    /** @param histogram labelled by {@code transport} */
    DeliveryLag(Histogram histogram, Clock clock) {
        this(histogram, clock, null);
    }

    private DeliveryLag(Histogram histogram, Clock clock, DistributionDataPoint series) {
        this.histogram = histogram;
        this.clock = clock;
        this.series = series;
    }

    /** The lag of one transport's readers ({@code sse}, {@code ws}). */
    DeliveryLag of(String transport) {
        return new DeliveryLag(histogram, clock, histogram.labelValues(transport));
    }

    /** The write time to pass to {@link #observe} for every frame of one batch. */
    Instant now() {
        return clock.instant();
    }

    void observe(Instant published, Instant written) {
        long seconds = written.getEpochSecond() - published.getEpochSecond();
        long nanos = written.getNano() - published.getNano();
        double lag = seconds + nanos / 1e9;
        series.observe(lag > 0 ? lag : 0);
    }
}
