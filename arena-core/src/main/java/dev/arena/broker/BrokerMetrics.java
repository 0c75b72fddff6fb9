package dev.arena.broker;

/**
 * A snapshot of the broker counters (docs/design.md, "Broker contract"). With Redis, {@code eventsPublished},
 * {@code runsOpen} and {@code publishFailures} are shared by every process on that Redis; the rest
 * count this process. {@code runsLost}: runs whose events vanished from the backend while they were
 * open and had readers here (on Redis: a restart without persistence, FLUSHALL, eviction).
 */
public record BrokerMetrics(
        long eventsPublished,
        long eventsStreamed,
        long streamsDropped,
        long runsOpen,
        long subscribers,
        long runsReaped,
        long publishFailures,
        long runsLost) {

    public static final BrokerMetrics ZERO = new BrokerMetrics(0, 0, 0, 0, 0, 0, 0, 0);
}
