package dev.arena.broker;

/**
 * A snapshot of the broker counters (docs/design.md, "Broker contract"). With Redis, {@code eventsPublished} and
 * {@code runsOpen} are shared by every process on that Redis; the rest count this process.
 */
public record BrokerMetrics(
        long eventsPublished,
        long eventsStreamed,
        long streamsDropped,
        long runsOpen,
        long subscribers,
        long runsReaped,
        long publishFailures) {

    public static final BrokerMetrics ZERO = new BrokerMetrics(0, 0, 0, 0, 0, 0, 0);
}
