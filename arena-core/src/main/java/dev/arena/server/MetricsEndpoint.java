package dev.arena.server;

import dev.arena.broker.BrokerMetrics;
import dev.arena.broker.EventBroker;
import dev.arena.fork.ForkService;
import dev.arena.store.ArchiveLag;
import dev.arena.store.Archiver;
import dev.arena.wire.Backend;
import dev.arena.wire.ServerMetrics;
import java.time.Clock;

/**
 * {@code GET /metrics}: the broker counters (docs/design.md, "Broker contract"), the fork-task gauges and the
 * archive's counters and lag (docs/design.md, "Tiered history"), as {@link ServerMetrics}.
 */
final class MetricsEndpoint implements Endpoint {

    private final EventBroker broker;
    private final ForkService forks;
    private final Archiver archiver;
    private final Clock clock;
    private final int streamMaxLen;

    /** {@code streamMaxLen}: the server's {@code ARENA_STREAM_MAXLEN}, reported as the count bound in force. */
    MetricsEndpoint(EventBroker broker, ForkService forks, Archiver archiver, Clock clock, int streamMaxLen) {
        this.broker = broker;
        this.archiver = archiver;
        this.forks = forks;
        this.clock = clock;
        this.streamMaxLen = streamMaxLen;
    }

    @Override
    public void handle(Exchange exchange) {
        BrokerMetrics m = broker.metrics();
        ArchiveLag lag = archiver.lag();
        exchange.json(
                200,
                new ServerMetrics(
                        m.eventsPublished(),
                        m.eventsStreamed(),
                        m.streamsDropped(),
                        m.runsOpen(),
                        m.subscribers(),
                        m.runsReaped(),
                        m.publishFailures(),
                        m.runsLost(),
                        forks.running(),
                        forks.stuck(),
                        Backend.fromWire(broker.backend()),
                        clock.instant(),
                        archiver.eventsArchived(),
                        archiver.eventsTrimmedUnarchived(),
                        lag.events(),
                        lag.seconds(),
                        streamMaxLen,
                        archiver.maxAge().isZero() ? null : archiver.maxAge().toSeconds(),
                        archiver.eventsTrimmedByAge()));
    }
}
