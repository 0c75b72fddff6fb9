package dev.arena.diag.cli;

import dev.arena.config.Durations;
import dev.arena.diag.DiagException;
import dev.arena.diag.Status;
import dev.arena.diag.cli.support.BoundOption;
import dev.arena.diag.cli.support.Counts;
import dev.arena.diag.cli.support.ExitCodes;
import dev.arena.diag.cli.support.JsonErrors;
import dev.arena.diag.cli.support.PluginOutput;
import dev.arena.diag.redis.RedisInspector;
import dev.arena.diag.redis.RedisUnavailableException;
import dev.arena.diag.server.ServerUnreachableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code arena diag metrics [--watch]}: the broker counters; exit 2 with stuck forks, 1 with dropped streams. The one
 * diag command declared through picocli's programmatic model ({@link #spec}) rather than annotations: it is what an
 * operator or a monitoring system runs again and again, and picocli reads annotations through dynamic proxies that
 * class-data sharing cannot archive, most of a cold start's command-line cost.
 */
final class MetricsCommand implements Callable<Integer>, MonitoringCheck {

    /** The counters of {@link MetricsView} that are a count now rather than a running total. */
    private static final Set<String> GAUGES =
            Set.of("runs_open", "subscribers", "fork_tasks_running", "fork_tasks_stuck", "archive_lag_events");

    /** The shared diag flags. */
    final DiagOptions options = new DiagOptions();

    /** {@code -w, --watch}. */
    boolean watch;

    /** {@code --interval}; set by parsing (default 2s). */
    Duration interval;

    /** {@code --count}; set by parsing (default 0). */
    int count;

    /** This command's picocli model: the shared diag flags, then its own, bound to this object's fields. */
    CommandSpec spec() {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("metrics");
        spec.usageMessage()
                .description("Broker counters and fork gauges from the server (GET /metrics); with the server down on"
                        + " Redis, the shared Redis counters.");
        options.addTo(spec);
        spec.addOption(BoundOption.to(
                        OptionSpec.builder("-w", "--watch")
                                .type(boolean.class)
                                .description("Repeat every --interval: redraw on a terminal, one JSON object per line"
                                        + " when piped."),
                        () -> watch,
                        v -> watch = (Boolean) v)
                .build());
        spec.addOption(BoundOption.to(
                        OptionSpec.builder("--interval")
                                .type(Duration.class)
                                .paramLabel("DURATION")
                                .defaultValue("2s")
                                .description("Watch interval. Default: ${DEFAULT-VALUE}."),
                        () -> interval,
                        v -> interval = (Duration) v)
                .build());
        spec.addOption(BoundOption.to(
                        OptionSpec.builder("--count")
                                .type(int.class)
                                .paramLabel("N")
                                .defaultValue("0")
                                .converters(new Counts.NonNegative())
                                .description("Stop watching after N samples (0 = until interrupted)."),
                        () -> count,
                        v -> count = (Integer) v)
                .build());
        return spec;
    }

    @Override
    public Integer call() {
        return options.execute(false, inv -> watch ? watch(inv) : once(inv));
    }

    private int once(Invocation inv) {
        MetricsView v = sample(inv);
        if (inv.nagios()) {
            return inv.printPlugin(plugin(inv, v));
        }
        if (inv.json()) {
            inv.printJson(v);
        } else {
            print(inv, v);
        }
        return v.status().exitCode();
    }

    private int watch(Invocation inv) {
        Duration every = interval;
        if (inv.nagios()) {
            throw new IllegalArgumentException("--watch repeats; --output nagios is one check, one line: drop --watch"
                    + " (the monitoring system schedules the checks)");
        }
        if (every.isZero() || every.isNegative()) {
            throw new IllegalArgumentException("--interval must be positive");
        }
        MetricsView previous = null;
        int code = ExitCodes.OK;
        for (int i = 0; count <= 0 || i < count; i++) {
            if (i > 0 && !inv.sources().ticker().pause(every)) {
                break; // interrupted: stop watching, the flag stays set
            }
            MetricsView v;
            try {
                v = sample(inv).withRates(previous);
            } catch (DiagException | RedisUnavailableException e) {
                if (inv.json()) {
                    JsonErrors.print(inv.out(), e, "arena diag metrics: " + e.getMessage());
                }
                inv.err().println("arena diag metrics: " + e.getMessage());
                inv.err().flush();
                code = ExitCodes.UNKNOWN;
                continue;
            }
            previous = v;
            code = v.status().exitCode();
            if (inv.tty() && !inv.json()) {
                inv.out().print("\u001b[H\u001b[2J");
                inv.out().println(inv.style().dim("every " + Durations.humanize(every) + " — Ctrl-C to stop"));
                print(inv, v);
            } else {
                inv.printJson(v);
            }
        }
        return code;
    }

    /**
     * The monitoring-plugin line: the status of {@link MetricsView}, the counters as counters ({@code c}) and
     * the gauges as gauges, with the thresholds the status uses (stuck forks and lost runs critical above 0,
     * dropped streams and failed publishes warning above 0). Counters the source does not have are left out; with the
     * server unreachable (Redis's shared counters only) the state is UNKNOWN.
     */
    static PluginOutput plugin(Invocation inv, MetricsView v) {
        List<PluginOutput.Perf> perf = new ArrayList<>();
        for (Map.Entry<String, Long> e : v.counters().entrySet()) {
            Long value = e.getValue();
            if (value == null) {
                continue;
            }
            String name = e.getKey();
            PluginOutput.Perf p = GAUGES.contains(name)
                    ? PluginOutput.Perf.gauge(name, value)
                    : PluginOutput.Perf.counter(name, value);
            if (name.equals("fork_tasks_stuck") || name.equals("runs_lost")) {
                p = p.crit("0");
            } else if (name.equals("streams_dropped") || name.equals("publish_failures")) {
                p = p.warn("0");
            }
            perf.add(p);
        }
        List<String> findings = new ArrayList<>();
        note(findings, v, "fork_tasks_stuck", "stuck fork task(s)");
        note(findings, v, "runs_lost", "lost run(s)");
        note(findings, v, "streams_dropped", "dropped stream(s)");
        note(findings, v, "publish_failures", "failed publish(es)");
        Long open = v.counters().get("runs_open");
        String where = v.source().equals("server")
                ? "server " + inv.context().serverUrl()
                : "Redis " + inv.context().maskedRedisUrl() + " (server unreachable)";
        String summary = (findings.isEmpty()
                        ? "no stuck forks, lost runs, dropped streams or failed publishes"
                        : String.join(", ", findings))
                + "; " + (open == null ? "" : open + " run(s) open; ") + where;
        // Without the server the fork gauges are unknown: a monitoring check must not read that as OK.
        Status state = v.source().equals("server") ? v.status() : Status.UNKNOWN;
        return new PluginOutput(state, summary, perf);
    }

    private static void note(List<String> findings, MetricsView v, String name, String what) {
        Long value = v.counters().get(name);
        if (value != null && value > 0) {
            findings.add(value + " " + what);
        }
    }

    static MetricsView sample(Invocation inv) {
        try {
            return MetricsView.fromServer(
                    inv.sources().server().metrics(), inv.clock().instant());
        } catch (ServerUnreachableException e) {
            if (!inv.sources().redisSelected()) {
                throw e;
            }
            RedisInspector redis = inv.sources().redis();
            long open = redis.sentinels(1_000_000).sentinels().size();
            inv.warn("server unreachable; showing the counters Redis shares (" + e.getMessage() + ")");
            return MetricsView.fromRedis(
                    redis.publishedCounter(),
                    redis.publishFailuresCounter(),
                    open,
                    inv.clock().instant());
        }
    }

    private static void print(Invocation inv, MetricsView v) {
        // Rates need two samples: the column appears from the second --watch sample on.
        boolean rates = v.rates() != null;
        Table t = rates ? new Table("COUNTER", "VALUE", "RATE/s") : new Table("COUNTER", "VALUE");
        for (Map.Entry<String, Long> e : v.counters().entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            Double rate = v.rates() == null ? null : v.rates().get(e.getKey());
            String value = String.valueOf(e.getValue());
            if ((e.getKey().equals("fork_tasks_stuck") || e.getKey().equals("runs_lost")) && e.getValue() > 0) {
                value = inv.style().status(Status.CRITICAL, value);
            } else if ((e.getKey().equals("streams_dropped") || e.getKey().equals("publish_failures"))
                    && e.getValue() > 0) {
                value = inv.style().status(Status.WARNING, value);
            }
            if (rates) {
                t.row(e.getKey(), value, rate == null ? "" : rate);
            } else {
                t.row(e.getKey(), value);
            }
        }
        inv.out()
                .println("source " + v.source() + " ("
                        + (v.source().equals("server")
                                ? inv.context().serverUrl()
                                : inv.context().maskedRedisUrl()) + "), backend " + v.backend() + ", at " + v.ts());
        inv.out().print(t.render());
        inv.out().println("status " + inv.style().status(v.status(), v.status().name()));
        inv.out().flush();
    }
}
