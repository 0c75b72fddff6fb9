package dev.arena.diag.cli;

import dev.arena.broker.RunId;
import dev.arena.config.ArenaConfig;
import dev.arena.diag.cli.support.PluginOutput;
import dev.arena.diag.triage.NextStep;
import dev.arena.diag.triage.Triage;
import dev.arena.diag.triage.TriageReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arena diag triage <run>}: the stuck-fork runbook, automated; exits by the verdict's status. */
@Command(
        name = "triage",
        description = {
            "Triage one run: a verdict and the runbook's next steps, with exact commands.",
            "Decides from one look at what the server knows: status, the last event's age, its fork task (stage, idle,"
                    + " liveness, top frames, error) and the Redis sentinel/stream; --watch looks twice and counts growth.",
            "Exit 0 progressing/finished, 1 waiting/overflowed, 2 stuck/crashed/not ended/never appeared, 3 unknown."
        })
final class TriageCommand implements Callable<Integer>, MonitoringCheck {

    /** The shared diag flags; {@link DiagCommand} adds them to this command's spec. */
    final DiagOptions options = new DiagOptions();

    @Parameters(index = "0", paramLabel = "RUN", description = "Run id (lower-case UUID).")
    String run;

    @Option(
            names = {"--watch", "--window"},
            paramLabel = "DURATION",
            defaultValue = "0s",
            description = "Also watch the run this long and count its growth (0s: decide from one look, at once)."
                    + " Default: ${DEFAULT-VALUE}.")
    Duration window;

    @Override
    public Integer call() {
        return options.execute(false, this::body);
    }

    private int body(Invocation inv) {
        RunId id = RunId.parse(run);
        Duration w = window;
        if (w.isNegative() || w.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("--watch must be between 0s and 1m");
        }
        Duration stuckAfter = ArenaConfig.from(inv.env()).forkStuckAfter();
        TriageReport r = new Triage(inv.sources(), w, stuckAfter).triage(id);
        if (inv.nagios()) {
            return inv.printPlugin(plugin(r, stuckAfter));
        }
        if (inv.json()) {
            inv.printJson(r);
            return r.status().exitCode();
        }
        inv.out().println(inv.style().bold("triage " + r.runId()));
        r.evidence().forEach(e -> inv.out().println("  " + e));
        inv.out().println();
        inv.out()
                .println("verdict: "
                        + inv.style().status(r.status(), r.verdict().label().toUpperCase(Locale.ROOT)) + " ("
                        + r.status() + ")");
        inv.out().println("  " + r.headline());
        if (!r.nextSteps().isEmpty()) {
            inv.out().println();
            inv.out().println("next steps (most preferred first):");
            int i = 1;
            for (NextStep s : r.nextSteps()) {
                inv.out().println("  " + i++ + ". " + s.action());
                if (s.command() != null) {
                    inv.out().println("       " + inv.style().bold(s.command()));
                }
                if (s.raw() != null) {
                    inv.out().println("       " + inv.style().dim("raw: " + s.raw()));
                }
            }
        }
        return r.status().exitCode();
    }

    /**
     * One line: the verdict, its headline and the first next step's command; perfdata the growth over the window,
     * the run's idle time against the stuck-after (critical past it) and the window.
     */
    private static PluginOutput plugin(TriageReport r, Duration stuckAfter) {
        List<PluginOutput.Perf> perf = new ArrayList<>();
        if (r.seqGrowth() >= 0) {
            perf.add(PluginOutput.Perf.gauge("seq_growth", r.seqGrowth()));
        }
        Double idle = r.run() != null && r.run().idleSeconds() != null
                ? r.run().idleSeconds()
                : r.fork() != null ? Double.valueOf(r.fork().idleSeconds()) : null;
        if (idle != null) {
            perf.add(new PluginOutput.Perf("idle", idle, "s", null, String.valueOf(stuckAfter.toSeconds()), 0, null));
        }
        perf.add(new PluginOutput.Perf("window", r.windowMillis(), "ms", null, null, 0, null));
        String next = r.nextSteps().stream()
                .map(s -> s.command() != null ? s.command() : s.raw())
                .filter(c -> c != null)
                .findFirst()
                .map(c -> "; next: " + c)
                .orElse("");
        return new PluginOutput(
                r.status(), "run " + r.runId() + " " + r.verdict().label() + ": " + r.headline() + next, perf);
    }
}
