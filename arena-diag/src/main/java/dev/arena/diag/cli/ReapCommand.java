package dev.arena.diag.cli;

import dev.arena.broker.RunId;
import dev.arena.diag.action.ReapAction;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arena diag reap <run>}: guarded manual reap (docs/design.md, "Guarded actions"). */
@Command(
        name = "reap",
        description = {
            "Reap one run (guarded): persist what is retained, end its readers, drop it.",
            "Goes through the server's admin endpoint (ARENA_ADMIN_TOKEN);",
            "with the server down on Redis, delete the run's four keys in one DEL (not persisted: needs --force).",
            "Shows a preview; confirm by typing the run id's first 8 characters, or pass --yes in scripts (the command line names the exact run).",
            "Exit 0 done, 3 failed, 4 refused."
        })
final class ReapCommand implements Callable<Integer> {

    /** The shared diag flags; {@link DiagCommand} adds them to this command's spec. */
    final DiagOptions options = new DiagOptions();

    @Parameters(index = "0", paramLabel = "RUN", description = "The exact run id (lower-case UUID).")
    String run;

    @Option(
            names = "--force",
            description =
                    "Reap even if the run progressed in the last minute, or delete without persisting when the server is down.")
    boolean force;

    @Mixin
    GuardedFlags guarded;

    @Override
    public Integer call() {
        return GuardedCli.execute(options, guarded, inv -> new ReapAction(RunId.parse(run), inv.sources(), force));
    }
}
