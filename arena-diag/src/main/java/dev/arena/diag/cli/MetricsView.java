package dev.arena.diag.cli;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.arena.diag.Status;
import dev.arena.wire.ServerMetrics;
import dev.arena.wire.WireJson;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sample of {@code arena diag metrics}: the counters of {@link ServerMetrics} by their wire names,
 * or — with the server down and Redis selected — only the counters Redis shares
 * ({@code events_published}, {@code publish_failures}, {@code runs_open}; docs/design.md, "Broker contract"), the others null. {@code rates} holds per-second
 * rates in watch mode (null on the first sample). Its JSON is flat: source, ts, backend, the
 * counters, rates, status.
 */
record MetricsView(
        String source,
        Instant ts,
        String backend,
        Map<String, Long> counters,
        Map<String, Double> rates,
        Status status) {

    private static final ServerMetrics NO_SAMPLE =
            new ServerMetrics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null, 0, 0, 0, 0, 0, null, 0);

    static MetricsView fromServer(ServerMetrics m, Instant now) {
        return of(
                "server",
                m.ts() != null ? m.ts() : now,
                m.backend() == null ? null : m.backend().wireName(),
                counters(m),
                null);
    }

    static MetricsView fromRedis(long published, long publishFailures, long sentinels, Instant now) {
        Map<String, Long> counters = counters(NO_SAMPLE);
        counters.replaceAll((name, value) -> null);
        counters.put("events_published", published);
        counters.put("publish_failures", publishFailures);
        counters.put("runs_open", sentinels);
        return of("redis", now, "redis", counters, null);
    }

    /** The long-valued wire fields of {@code m}, in wire order. */
    private static Map<String, Long> counters(ServerMetrics m) {
        Map<String, Long> out = new LinkedHashMap<>();
        WireJson.fields(m).forEach((name, value) -> {
            if (value instanceof Long count) {
                out.put(name, count);
            }
        });
        return out;
    }

    private static MetricsView of(
            String source, Instant ts, String backend, Map<String, Long> counters, Map<String, Double> rates) {
        return new MetricsView(source, ts, backend, counters, rates, status(counters));
    }

    private static Status status(Map<String, Long> counters) {
        if (positive(counters, "fork_tasks_stuck") || positive(counters, "runs_lost")) {
            return Status.CRITICAL;
        }
        if (positive(counters, "streams_dropped") || positive(counters, "publish_failures")) {
            return Status.WARNING;
        }
        return Status.OK;
    }

    private static boolean positive(Map<String, Long> counters, String name) {
        Long v = counters.get(name);
        return v != null && v > 0;
    }

    /** This sample with per-second rates against {@code previous}. */
    MetricsView withRates(MetricsView previous) {
        if (previous == null) {
            return this;
        }
        double secs = Math.max(0.001, (ts.toEpochMilli() - previous.ts.toEpochMilli()) / 1000.0);
        Map<String, Double> r = new LinkedHashMap<>();
        for (String name : new String[] {"events_published", "events_streamed", "streams_dropped"}) {
            Long now = counters.get(name);
            Long before = previous.counters.get(name);
            if (now != null && before != null) {
                r.put(name, Math.round((now - before) / secs * 10) / 10.0);
            }
        }
        return new MetricsView(source, ts, backend, counters, r, status);
    }

    /** The JSON form: the counters flat beside source, ts, backend, rates and status. */
    @JsonValue
    Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", source);
        out.put("ts", ts);
        out.put("backend", backend);
        out.putAll(counters);
        out.put("rates", rates);
        out.put("status", status.name());
        return out;
    }
}
