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
 */
public record BrokerSettings(Duration runTtl, int streamMaxLen, Duration closedRetention, int maxEventBytes) {

    public static final BrokerSettings DEFAULTS =
            new BrokerSettings(Duration.ofHours(6), 10_000, Duration.ofHours(1), 256 * 1024);

    public BrokerSettings {
        Objects.requireNonNull(runTtl, "runTtl");
        Objects.requireNonNull(closedRetention, "closedRetention");
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
    }

    public BrokerSettings withStreamMaxLen(int maxLen) {
        return new BrokerSettings(runTtl, maxLen, closedRetention, maxEventBytes);
    }

    public BrokerSettings withClosedRetention(Duration retention) {
        return new BrokerSettings(runTtl, streamMaxLen, retention, maxEventBytes);
    }

    public BrokerSettings withRunTtl(Duration ttl) {
        return new BrokerSettings(ttl, streamMaxLen, closedRetention, maxEventBytes);
    }

    public BrokerSettings withMaxEventBytes(int bytes) {
        return new BrokerSettings(runTtl, streamMaxLen, closedRetention, bytes);
    }
}
