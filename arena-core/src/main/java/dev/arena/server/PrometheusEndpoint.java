package dev.arena.server;

import dev.arena.broker.BrokerMetrics;
import dev.arena.broker.EventBroker;
import dev.arena.fork.ForkService;
import dev.arena.store.Archiver;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.eclipse.jetty.http.HttpHeader;

/**
 * {@code GET /metrics/prometheus}: the same values as {@code /metrics}, registered as callback
 * counters and gauges in the server's own {@link PrometheusRegistry} (which also holds the JVM
 * metrics, {@code arena_build_info} and the histograms of {@link PrometheusMetrics}), written by
 * the library's writers — never hand-formatted. The format follows the {@code Accept} header
 * through {@link ExpositionFormats}: OpenMetrics text for {@code application/openmetrics-text},
 * Prometheus protobuf when asked for, else Prometheus text 0.0.4. Each scrape reads the broker once.
 */
final class PrometheusEndpoint implements Endpoint {

    private final EventBroker broker;
    private final PrometheusRegistry registry;
    private final ExpositionFormats formats = ExpositionFormats.init();
    private final ThreadLocal<BrokerMetrics> scrape = new ThreadLocal<>();

    PrometheusEndpoint(
            EventBroker broker,
            ForkService forks,
            ReaderDrops drops,
            Supplier<List<ReaderSnapshot>> readers,
            Archiver archiver,
            PrometheusRegistry registry) {
        this.broker = broker;
        this.registry = registry;
        counter(
                "arena_events_published",
                "Events published (shared by every process on Redis)",
                BrokerMetrics::eventsPublished);
        counter(
                "arena_events_streamed",
                "Events delivered to subscribers of this process",
                BrokerMetrics::eventsStreamed);
        CounterWithCallback.builder()
                .name("arena_streams_dropped")
                .help("Readers of this server whose stream overflowed or that were evicted, by transport (sse, ws)")
                .labelNames("transport")
                .callback(cb -> {
                    cb.call(drops.sse().value(), "sse");
                    cb.call(drops.ws().value(), "ws");
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("arena_readers")
                .help("Readers connected to this server now, by transport (sse, ws)")
                .labelNames("transport")
                .callback(cb -> {
                    List<ReaderSnapshot> now = readers.get();
                    cb.call(
                            now.stream()
                                    .filter(r -> r.transport().equals("sse"))
                                    .count(),
                            "sse");
                    cb.call(now.stream().filter(r -> r.transport().equals("ws")).count(), "ws");
                })
                .register(registry);
        counter("arena_runs_reaped", "Runs reaped by this process", BrokerMetrics::runsReaped);
        counter(
                "arena_publish_failures",
                "Publishes that could not be confirmed (shared by every process on Redis)",
                BrokerMetrics::publishFailures);
        counter(
                "arena_runs_lost",
                "Open runs whose events vanished from the backend (Redis restarted without persistence, flushed)",
                BrokerMetrics::runsLost);
        gauge("arena_runs_open", "Open runs (shared by every process on Redis)", BrokerMetrics::runsOpen);
        gauge("arena_subscribers", "Live subscriptions in this process", BrokerMetrics::subscribers);
        GaugeWithCallback.builder()
                .name("arena_fork_tasks_running")
                .help("Fork tasks running")
                .callback(cb -> cb.call(forks.running()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("arena_fork_tasks_stuck")
                .help("Fork tasks idle past ARENA_FORK_STUCK_AFTER with the same worker stack across samples")
                .callback(cb -> cb.call(forks.stuck()))
                .register(registry);
        CounterWithCallback.builder()
                .name("arena_events_archived")
                .help("Events this server wrote to the store (archiving live and ended runs)")
                .callback(cb -> cb.call(archiver.eventsArchived()))
                .register(registry);
        CounterWithCallback.builder()
                .name("arena_events_trimmed_unarchived")
                .help("Events the broker trimmed before they were archived: missing from history (each range logged)")
                .callback(cb -> cb.call(archiver.eventsTrimmedUnarchived()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("arena_archive_lag_events")
                .help("Events the worst run has in the broker but not yet in the store")
                .callback(cb -> cb.call(archiver.lag().events()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("arena_archive_lag_seconds")
                .help("Seconds the worst run has been behind in the store (since its archive last held every event)")
                .callback(cb -> cb.call(archiver.lag().seconds()))
                .register(registry);
    }

    private void counter(String name, String help, ToLongFunction<BrokerMetrics> value) {
        CounterWithCallback.builder()
                .name(name)
                .help(help)
                .callback(cb -> cb.call(value.applyAsLong(current())))
                .register(registry);
    }

    private void gauge(String name, String help, ToLongFunction<BrokerMetrics> value) {
        GaugeWithCallback.builder()
                .name(name)
                .help(help)
                .callback(cb -> cb.call(value.applyAsLong(current())))
                .register(registry);
    }

    private BrokerMetrics current() {
        BrokerMetrics m = scrape.get();
        return m != null ? m : broker.metrics();
    }

    @Override
    public void handle(Exchange exchange) throws Exception {
        String accept = exchange.header(HttpHeader.ACCEPT);
        ExpositionFormatWriter writer = formats.findWriter(accept);
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        scrape.set(broker.metrics());
        try {
            writer.write(out, registry.scrape(), EscapingScheme.fromAcceptHeader(accept));
        } finally {
            scrape.remove();
        }
        exchange.response().setStatus(200);
        exchange.response().getHeaders().put(HttpHeader.CONTENT_TYPE, writer.getContentType());
        exchange.response().getHeaders().put(HttpHeader.VARY, "Accept");
        exchange.response().write(true, ByteBuffer.wrap(out.toByteArray()), exchange.callback());
    }
}
