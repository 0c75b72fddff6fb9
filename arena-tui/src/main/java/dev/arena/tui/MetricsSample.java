package dev.arena.tui;

import java.time.Instant;
import java.util.Map;

/**
 * One reading of the server's counters ({@code /metrics}): the broker counters (docs/design.md, "Broker contract") by their wire names
 * ({@code events_published}, {@code runs_open}, …) plus {@code fork_tasks_running} and
 * {@code fork_tasks_stuck}. A missing counter is simply absent from the map.
 *
 * @param at when the console took the reading (its own clock, so rates are consistent)
 */
public record MetricsSample(Instant at, Map<String, Long> counters) {

    public MetricsSample {
        counters = Map.copyOf(counters);
    }

    /** The counter's value, or -1 when the server did not report it. */
    public long get(String name) {
        Long v = counters.get(name);
        return v == null ? -1 : v;
    }
}
