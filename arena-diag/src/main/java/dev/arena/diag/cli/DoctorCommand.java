package dev.arena.diag.cli;

import dev.arena.config.ArenaConfig;
import dev.arena.diag.Status;
import dev.arena.diag.cli.support.PluginOutput;
import dev.arena.diag.doctor.CheckResult;
import dev.arena.diag.doctor.Doctor;
import dev.arena.diag.doctor.DoctorReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/** {@code arena diag doctor}: every environment check; exits by the worst. */
@Command(
        name = "doctor",
        description =
                "Every check: env consistency, server reachable, backend match, Redis reachable/authenticated, runs_open vs sentinels, "
                        + "sentinels without progress, dropped streams, stuck forks, Redis maxmemory policy. Exits by the worst.")
final class DoctorCommand implements Callable<Integer>, MonitoringCheck {

    /** The shared diag flags; {@link DiagCommand} adds them to this command's spec. */
    final DiagOptions options = new DiagOptions();

    @Override
    public Integer call() {
        return options.execute(false, this::body);
    }

    /** One line: every check that is not OK, worst first (name, status, finding), else "all N checks OK"; a gauge per state. */
    private static PluginOutput plugin(DoctorReport report) {
        List<CheckResult> bad = report.checks().stream()
                .filter(c -> c.status() != Status.OK)
                .sorted(Comparator.comparing(CheckResult::status).reversed())
                .toList();
        String summary = bad.isEmpty()
                ? "all " + report.checks().size() + " checks OK"
                : bad.stream()
                        .map(c -> c.name() + " " + c.status() + ": " + c.message())
                        .collect(Collectors.joining("; "));
        List<PluginOutput.Perf> perf = new ArrayList<>();
        for (Status s : Status.values()) {
            long n = report.checks().stream().filter(c -> c.status() == s).count();
            PluginOutput.Perf p = PluginOutput.Perf.gauge("checks_" + s.name().toLowerCase(Locale.ROOT), n);
            perf.add(s == Status.WARNING ? p.warn("0") : s == Status.CRITICAL ? p.crit("0") : p);
        }
        return new PluginOutput(report.status(), summary, perf);
    }

    private int body(Invocation inv) {
        DoctorReport report =
                new Doctor(inv.sources(), inv.env(), ArenaConfig.from(inv.env()).reaperGrace()).run();
        if (inv.nagios()) {
            return inv.printPlugin(plugin(report));
        }
        if (inv.json()) {
            inv.printJson(Map.of("status", report.status().name(), "checks", report.checks()));
            return report.status().exitCode();
        }
        Table t = new Table("CHECK", "STATUS", "FINDING");
        for (CheckResult c : report.checks()) {
            t.row(c.name(), inv.style().status(c.status(), c.status().name()), c.message());
        }
        inv.out().print(t.render());
        for (CheckResult c : report.checks()) {
            if (c.hint() != null) {
                inv.out().println("→ " + c.name() + ": " + c.hint());
            }
        }
        inv.out()
                .println("overall "
                        + inv.style().status(report.status(), report.status().name()));
        return report.status().exitCode();
    }
}
