package dev.arena.server;

import dev.arena.broker.BrokerMetrics;
import dev.arena.broker.Envelope;
import dev.arena.broker.EventBroker;
import dev.arena.fork.ForkService;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /metrics}: the broker counters (docs/design.md, "Broker contract") in snake_case plus the fork-task gauges, as JSON. */
final class MetricsEndpoint implements Endpoint {

    private final EventBroker broker;
    private final ForkService forks;
    private final Clock clock;

    MetricsEndpoint(EventBroker broker, ForkService forks, Clock clock) {
        this.broker = broker;
        this.forks = forks;
        this.clock = clock;
    }

    @Override
    public void handle(Exchange exchange) {
        BrokerMetrics m = broker.metrics();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("events_published", m.eventsPublished());
        body.put("events_streamed", m.eventsStreamed());
        body.put("streams_dropped", m.streamsDropped());
        body.put("runs_open", m.runsOpen());
        body.put("subscribers", m.subscribers());
        body.put("runs_reaped", m.runsReaped());
        body.put("publish_failures", m.publishFailures());
        body.put("fork_tasks_running", forks.running());
        body.put("fork_tasks_stuck", forks.stuck());
        body.put("backend", broker.backend());
        body.put("ts", Envelope.formatTs(clock.instant()));
        exchange.json(200, body);
    }
}
