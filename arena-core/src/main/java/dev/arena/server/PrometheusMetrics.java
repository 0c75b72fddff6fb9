package dev.arena.server;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * The server's own Prometheus registry — never the library's static default, so two servers in one
 * JVM (tests, benchmarks) keep apart — holding what operators expect beside the arena counters:
 * the JVM metrics of prometheus-metrics-instrumentation-jvm, {@code arena_build_info}, and the two
 * histograms (in seconds) that the SSE and request paths observe. {@link PrometheusEndpoint} adds
 * the broker values and writes it.
 */
final class PrometheusMetrics {

    /** Upper bounds in seconds shared by both histograms: sub-millisecond delivery up to a minute. */
    private static final double[] SECONDS = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60
    };

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Histogram deliveryLag;
    private final Histogram requestDuration;

    /**
     * @param version the server version ({@code /health} reports the same)
     * @param backend the broker backend's wire name ({@code inprocess} or {@code redis})
     */
    PrometheusMetrics(String version, String backend) {
        JvmMetrics.builder().register(registry);
        Info buildInfo = Info.builder()
                .name("arena_build_info")
                .help("Always 1; the labels say which arena server this is")
                .labelNames("version", "java_version", "backend")
                .register(registry);
        buildInfo.setLabelValues(version, System.getProperty("java.version", "unknown"), backend);
        deliveryLag = Histogram.builder()
                .name("arena_sse_delivery_lag_seconds")
                .help(
                        "Time from an event's publish timestamp (envelope ts) to a reader's stream handing its frame to the connection, by transport (sse, ws)")
                .unit(Unit.SECONDS)
                .classicOnly()
                .classicUpperBounds(SECONDS)
                .labelNames("transport")
                .register(registry);
        requestDuration = Histogram.builder()
                .name("arena_http_request_duration_seconds")
                .help("Time from a request's arrival to its response completing, by method, route template and status "
                        + "(for /events: the stream's lifetime)")
                .unit(Unit.SECONDS)
                .classicOnly()
                .classicUpperBounds(SECONDS)
                .labelNames("method", "route", "status")
                .register(registry);
    }

    PrometheusRegistry registry() {
        return registry;
    }

    /** Observed once per event frame an SSE stream writes. */
    Histogram deliveryLag() {
        return deliveryLag;
    }

    /** Observed once per completed HTTP exchange. */
    Histogram requestDuration() {
        return requestDuration;
    }
}
