package dev.arena.diag.cli;

import dev.arena.diag.Status;
import dev.arena.diag.cli.support.PluginOutput;
import dev.arena.diag.server.ServerCheck;
import dev.arena.diag.server.ServerRoster;
import dev.arena.wire.ServerEntry;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code arena diag servers}: every {@code arena server} in the registry with its health — from Redis when
 * run state is read from Redis (works with any one server down), else from the server's {@code /health}.
 */
@Command(
        name = "servers",
        description = {
            "Every arena server in the registry (id, URL, version, started, host:pid, heartbeat age) and its own /health/live and /health/ready.",
            "Read from Redis on the Redis backend (any server may be down), else from the server's /health;",
            "on the in-process backend there is no registry and only that server is listed.",
            "Exit 2 when no server is listed or none answers, 1 when one is degraded, unreachable or late."
        })
final class ServersCommand implements Callable<Integer>, MonitoringCheck {

    /** The shared diag flags; {@link DiagCommand} adds them to this command's spec. */
    final DiagOptions options = new DiagOptions();

    @Option(
            names = "--probe-timeout",
            paramLabel = "DURATION",
            defaultValue = "1s",
            description =
                    "Bound of each server's /health/live and /health/ready probes, e.g. 1s, 500ms. Default: ${DEFAULT-VALUE}.")
    Duration probeTimeout;

    @Override
    public Integer call() {
        return options.execute(false, this::body);
    }

    private int body(Invocation inv) {
        if (probeTimeout.isZero() || probeTimeout.isNegative()) {
            throw new IllegalArgumentException("--probe-timeout must be positive, e.g. 1s or 500ms");
        }
        ServerRoster.Roster roster = new ServerRoster(
                        inv.sources().context(),
                        inv.sources().clientName(),
                        inv.sources().server(),
                        probeTimeout)
                .check();
        if (inv.nagios()) {
            return inv.printPlugin(new PluginOutput(
                    roster.status(),
                    roster.summary(),
                    List.of(
                            PluginOutput.Perf.gauge("servers", roster.servers().size())
                                    .crit("1:"),
                            PluginOutput.Perf.gauge("servers_healthy", roster.healthy())
                                    .crit("1:"),
                            PluginOutput.Perf.gauge(
                                            "servers_unhealthy",
                                            roster.servers().size() - roster.healthy())
                                    .warn("0"))));
        }
        if (inv.json()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("status", roster.status().name());
            out.put("registry", roster.shared());
            out.put("source", roster.source());
            out.put("summary", roster.summary());
            out.put("count", roster.servers().size());
            out.put("servers", roster.servers());
            inv.printJson(out);
            return roster.status().exitCode();
        }
        Table t = new Table("ID", "URL", "HEALTH", "HEARTBEAT", "VERSION", "STARTED", "HOST:PID");
        for (ServerCheck c : roster.servers()) {
            ServerEntry e = c.entry();
            String health = c.status() == Status.OK ? c.health() : inv.style().status(c.status(), c.health());
            String beat = e.ttlMs() == 0
                    ? "-"
                    : ServerCheck.seconds(e.heartbeatAgeMs()) + " ago / " + ServerCheck.seconds(e.ttlMs());
            t.row(
                    e.id(),
                    e.url(),
                    health,
                    c.status() == Status.WARNING && e.heartbeatLate()
                            ? inv.style().status(Status.WARNING, beat)
                            : beat,
                    e.version(),
                    e.startedAt() == null
                            ? "-"
                            : e.startedAt().truncatedTo(ChronoUnit.SECONDS).toString(),
                    e.hostPid());
        }
        inv.out()
                .println("servers from the " + roster.source()
                        + (roster.shared() ? "" : " (in-process backend: no registry)"));
        if (!t.isEmpty()) {
            inv.out().print(t.render());
        }
        for (ServerCheck c : roster.servers()) {
            if (c.note() != null) {
                inv.out().println(c.entry().id() + ": " + c.note());
            }
        }
        inv.out().println(inv.style().status(roster.status(), roster.status().name()) + " - " + roster.summary());
        return roster.status().exitCode();
    }
}
