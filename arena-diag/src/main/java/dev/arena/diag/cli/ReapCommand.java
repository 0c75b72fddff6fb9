package dev.arena.diag.cli;

import dev.arena.broker.RunId;
import dev.arena.diag.action.ReapAction;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code arena diag reap <run>}: guarded manual reap (docs/design.md, "Guarded actions"). */
@Command(name = "reap",
        description = {"Reap one run (guarded): persist what is retained, end its readers, drop it.",
                "Goes through the server's admin endpoint (ARENA_ADMIN_TOKEN);",
                "with the server down on Redis, delete the run's four keys in one DEL (not persisted: needs --force).",
                "Shows a preview; confirm by typing the run id's first 8 characters, or pass --yes in scripts. Exit 0 done, 3 failed, 4 refused."})
final class ReapCommand implements Callable<Integer> {

    @ParentCommand
    DiagCommand parent;
    @Spec
    CommandSpec spec;
    @Mixin
    DiagOptions options;

    @Parameters(index = "0", paramLabel = "RUN", description = "The exact run id (lower-case UUID).")
    String run;

    @Option(names = "--force", description = "Reap even if the run progressed in the last minute, or delete without persisting when the server is down.")
    boolean force;

    @Option(names = {"-y", "--yes"}, description = "Confirm without asking (scripts): the command line names the exact run.")
    boolean yes;

    @Option(names = "--dry-run", description = "Show the preview only; change nothing.")
    boolean dryRun;

    @Option(names = "--readonly", description = "Refuse to act (same as ARENA_READONLY=1).")
    boolean readonly;

    @Override
    public Integer call() {
        return parent.execute(spec, options, readonly, inv ->
                GuardedCli.run(inv, new ReapAction(RunId.parse(run), inv.sources(), force), yes, dryRun));
    }
}
