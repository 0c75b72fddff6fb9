package dev.arena.tui.source;

import dev.arena.wire.ServerMetrics;
import dev.arena.wire.WireJson;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One reading of the server's counters, timed by the console's own clock so rates are consistent:
 * the counters of {@link ServerMetrics} (docs/design.md, "Broker contract") by their wire names ({@code events_published},
 * {@code runs_open}, …, {@code fork_tasks_stuck}), so panels and rate series address them by name.
 *
 * @param at when the console took the reading
 */
public record MetricsSample(Instant at, Map<String, Long> counters) {

    public MetricsSample {
        counters = Map.copyOf(counters);
    }

    /** The counters of {@code metrics} (its long-valued wire fields), read at {@code at}. */
    public static MetricsSample of(Instant at, ServerMetrics metrics) {
        Map<String, Long> counters = new LinkedHashMap<>();
        WireJson.fields(metrics).forEach((name, value) -> {
            if (value instanceof Long count) {
                counters.put(name, count);
            }
        });
        return new MetricsSample(at, counters);
    }

    /** The counter's value, or -1 when this reading has none by that name. */
    public long get(String name) {
        Long v = counters.get(name);
        return v == null ? -1 : v;
    }
}
