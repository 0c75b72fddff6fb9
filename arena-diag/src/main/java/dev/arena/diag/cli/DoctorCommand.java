package dev.arena.diag.cli;

import dev.arena.config.ArenaConfig;
import dev.arena.diag.doctor.CheckResult;
import dev.arena.diag.doctor.Doctor;
import dev.arena.diag.doctor.DoctorReport;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code arena diag doctor}: every environment check; exits by the worst. */
@Command(name = "doctor",
        description = "Every check: env consistency, server reachable, backend match, Redis reachable/authenticated, runs_open vs sentinels, "
                + "sentinels without progress, dropped streams, stuck forks, Redis maxmemory policy. Exits by the worst.")
final class DoctorCommand implements Callable<Integer> {

    @Mixin
    DiagOptions options;

    @Override
    public Integer call() {
        return options.execute(false, this::body);
    }

    private int body(Invocation inv) {
        DoctorReport report = new Doctor(inv.sources(), inv.env(), ArenaConfig.from(inv.env()).reaperGrace()).run();
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
        inv.out().println("overall " + inv.style().status(report.status(), report.status().name()));
        return report.status().exitCode();
    }
}
