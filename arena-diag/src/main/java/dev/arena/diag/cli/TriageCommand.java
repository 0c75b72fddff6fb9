package dev.arena.diag.cli;

import dev.arena.broker.RunId;
import dev.arena.config.ArenaConfig;
import dev.arena.diag.triage.NextStep;
import dev.arena.diag.triage.Triage;
import dev.arena.diag.triage.TriageReport;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arena diag triage <run>}: the stuck-fork runbook, automated; exits by the verdict's status. */
@Command(name = "triage",
        description = {"Triage one run: a verdict and the runbook's next steps, with exact commands.",
                "Reads status, growth over a short window, its fork task (stage, idle, top frames, error) and the Redis sentinel/stream.",
                "Exit 0 progressing/finished, 1 waiting/overflowed, 2 stuck/crashed/not ended/never appeared, 3 unknown."})
final class TriageCommand implements Callable<Integer> {

    @Mixin
    DiagOptions options;

    @Parameters(index = "0", paramLabel = "RUN", description = "Run id (lower-case UUID).")
    String run;

    @Option(names = "--window", paramLabel = "DURATION", defaultValue = "1500ms",
            description = "How long to watch for growth. Default: ${DEFAULT-VALUE}.")
    Duration window;

    @Override
    public Integer call() {
        return options.execute(false, this::body);
    }

    private int body(Invocation inv) {
        RunId id = RunId.parse(run);
        Duration w = window;
        if (w.isNegative() || w.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("--window must be between 0 and 1m");
        }
        Duration stuckAfter = ArenaConfig.from(inv.env()).forkStuckAfter();
        TriageReport r = new Triage(inv.sources(), w, stuckAfter).triage(id);
        if (inv.json()) {
            inv.printJson(new Json(r.runId(), r.verdict().name().toLowerCase(java.util.Locale.ROOT), r.verdict().label(),
                    r.status().name(), r.headline(), r.evidence(), r.nextSteps(), r.run(), r.fork(), r.redis(), r.seqGrowth(),
                    r.windowMillis()));
            return r.status().exitCode();
        }
        inv.out().println(inv.style().bold("triage " + r.runId()));
        r.evidence().forEach(e -> inv.out().println("  " + e));
        inv.out().println();
        inv.out().println("verdict: " + inv.style().status(r.status(), r.verdict().label().toUpperCase(java.util.Locale.ROOT))
                + " (" + r.status() + ")");
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

    /** The JSON of triage: the report plus the verdict's code and label. */
    record Json(String runId, String verdict, String verdictLabel, String status, String headline, java.util.List<String> evidence,
                java.util.List<NextStep> nextSteps, dev.arena.api.RunDetail run, dev.arena.api.ForkTaskView fork,
                dev.arena.diag.redis.StreamInfo redis, long seqGrowth, long windowMs) {
    }
}
