package dev.arena.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Retention and limits shared by both backends (docs/design.md, "Broker contract"; docs/configuration.md).
 *
 * @param runTtl           lifetime of the producer-alive sentinel, refreshed while publishing
 * @param streamMaxLen     events retained per run (Redis trims approximately: at least this many)
 * @param closedRetention  how long a closed run stays readable from the broker
 * @param maxEventBytes    largest envelope accepted
 * @param streamMaxAge     a live run's archived events older than this are trimmed from the broker by the
 *                         archiver (never one the store lacks, never the run's newest); {@link Duration#ZERO}:
 *                         no age bound, only {@code streamMaxLen}
 */
public record BrokerSettings(
        Duration runTtl, int streamMaxLen, Duration closedRetention, int maxEventBytes, Duration streamMaxAge) {

    public static final BrokerSettings DEFAULTS =
            new BrokerSettings(Duration.ofHours(6), 10_000, Duration.ofHours(1), 256 * 1024, Duration.ZERO);

    public BrokerSettings {
        Objects.requireNonNull(runTtl, "runTtl");
        Objects.requireNonNull(closedRetention, "closedRetention");
        Objects.requireNonNull(streamMaxAge, "streamMaxAge");
        if (runTtl.isNegative() || runTtl.isZero()) {
            throw new IllegalArgumentException("runTtl must be positive, got " + runTtl);
        }
        if (streamMaxLen < 1) {
            throw new IllegalArgumentException("streamMaxLen must be at least 1, got " + streamMaxLen);
        }
        if (closedRetention.isNegative()) {
            throw new IllegalArgumentException("closedRetention must not be negative, got " + closedRetention);
        }
        if (maxEventBytes < 256) {
            throw new IllegalArgumentException("maxEventBytes must be at least 256, got " + maxEventBytes);
        }
        if (streamMaxAge.isNegative()) {
            throw new IllegalArgumentException(
                    "streamMaxAge must not be negative (zero: no age bound), got " + streamMaxAge);
        }
    }

    /** Settings with no age bound ({@code streamMaxAge} zero). */
    public BrokerSettings(Duration runTtl, int streamMaxLen, Duration closedRetention, int maxEventBytes) {
        this(runTtl, streamMaxLen, closedRetention, maxEventBytes, Duration.ZERO);
    }

    /** True when archived events are trimmed from the broker by age as well as by count. */
    public boolean hasStreamMaxAge() {
        return !streamMaxAge.isZero();
    }

    public BrokerSettings withStreamMaxLen(int maxLen) {
        return new BrokerSettings(runTtl, maxLen, closedRetention, maxEventBytes, streamMaxAge);
    }

    public BrokerSettings withClosedRetention(Duration retention) {
        return new BrokerSettings(runTtl, streamMaxLen, retention, maxEventBytes, streamMaxAge);
    }

    public BrokerSettings withRunTtl(Duration ttl) {
        return new BrokerSettings(ttl, streamMaxLen, closedRetention, maxEventBytes, streamMaxAge);
    }

    public BrokerSettings withMaxEventBytes(int bytes) {
        return new BrokerSettings(runTtl, streamMaxLen, closedRetention, bytes, streamMaxAge);
    }

    /** These settings with archived events older than {@code maxAge} trimmed from a live run; zero turns it off. */
    public BrokerSettings withStreamMaxAge(Duration maxAge) {
        return new BrokerSettings(runTtl, streamMaxLen, closedRetention, maxEventBytes, maxAge);
    }
}
