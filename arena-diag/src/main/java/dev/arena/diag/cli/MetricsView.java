package dev.arena.diag.cli;

import dev.arena.diag.Status;
import dev.arena.diag.server.ServerMetrics;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON of {@code arena diag metrics}: the broker counters (docs/design.md, "Broker contract") from the server, or — with the server down
 * and Redis selected — the two counters Redis shares ({@code events_published}, {@code runs_open}),
 * the others null. {@code rates} holds per-second rates in watch mode (null on the first sample).
 */
record MetricsView(String source, Instant ts, String backend, Long eventsPublished, Long eventsStreamed, Long streamsDropped,
                   Long runsOpen, Long subscribers, Long runsReaped, Long publishFailures, Long forkTasksRunning,
                   Long forkTasksStuck, Map<String, Double> rates, String status) {

    static MetricsView fromServer(ServerMetrics m, Instant now) {
        MetricsView v = new MetricsView("server", m.ts() != null ? m.ts() : now, m.backend(), m.eventsPublished(),
                m.eventsStreamed(), m.streamsDropped(), m.runsOpen(), m.subscribers(), m.runsReaped(), m.publishFailures(),
                m.forkTasksRunning(), m.forkTasksStuck(), null, null);
        return v.withStatus();
    }

    static MetricsView fromRedis(long published, long sentinels, Instant now) {
        return new MetricsView("redis", now, "redis", published, null, null, sentinels, null, null, null, null, null, null, null)
                .withStatus();
    }

    Status computeStatus() {
        if (forkTasksStuck != null && forkTasksStuck > 0) {
            return Status.CRITICAL;
        }
        if ((streamsDropped != null && streamsDropped > 0) || (publishFailures != null && publishFailures > 0)) {
            return Status.WARNING;
        }
        return Status.OK;
    }

    MetricsView withStatus() {
        return new MetricsView(source, ts, backend, eventsPublished, eventsStreamed, streamsDropped, runsOpen, subscribers,
                runsReaped, publishFailures, forkTasksRunning, forkTasksStuck, rates, computeStatus().name());
    }

    /** This sample with per-second rates against {@code previous}. */
    MetricsView withRates(MetricsView previous) {
        if (previous == null) {
            return this;
        }
        double secs = Math.max(0.001, (ts.toEpochMilli() - previous.ts.toEpochMilli()) / 1000.0);
        Map<String, Double> r = new LinkedHashMap<>();
        rate(r, "events_published", eventsPublished, previous.eventsPublished, secs);
        rate(r, "events_streamed", eventsStreamed, previous.eventsStreamed, secs);
        rate(r, "streams_dropped", streamsDropped, previous.streamsDropped, secs);
        return new MetricsView(source, ts, backend, eventsPublished, eventsStreamed, streamsDropped, runsOpen, subscribers,
                runsReaped, publishFailures, forkTasksRunning, forkTasksStuck, r, status);
    }

    private static void rate(Map<String, Double> out, String name, Long now, Long before, double secs) {
        if (now != null && before != null) {
            out.put(name, Math.round((now - before) / secs * 10) / 10.0);
        }
    }

    Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("events_published", eventsPublished);
        m.put("events_streamed", eventsStreamed);
        m.put("streams_dropped", streamsDropped);
        m.put("runs_open", runsOpen);
        m.put("subscribers", subscribers);
        m.put("runs_reaped", runsReaped);
        m.put("publish_failures", publishFailures);
        m.put("fork_tasks_running", forkTasksRunning);
        m.put("fork_tasks_stuck", forkTasksStuck);
        return m;
    }
}
