package dev.arena.diag.cli;

import dev.arena.diag.action.CancelAction;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arena diag cancel <child-run-id|fork-name>}: guarded cancel of a fork task (docs/design.md, "Guarded actions"). */
@Command(
        name = "cancel",
        description = {
            "Cancel one fork task (guarded): its worker is interrupted and its child run ends cancelled.",
            "Goes through the server's admin endpoint (ARENA_ADMIN_TOKEN). A task that is not stuck needs --force.",
            "Shows a preview (stage, idle, the stack's top frames); confirm by typing the child run id's first 8 characters,",
            "or pass --yes in scripts (the command line names the exact task).",
            "Exit 0 done, 3 failed, 4 refused."
        })
final class CancelCommand implements Callable<Integer> {

    /** The shared diag flags; {@link DiagCommand} adds them to this command's spec. */
    final DiagOptions options = new DiagOptions();

    @Parameters(
            index = "0",
            paramLabel = "RUN|FORK",
            description = "The fork's child run id, or the fork task's name (e.g. fork-9a4d3f2b).")
    String target;

    @Option(
            names = "--force",
            description = "Cancel even a task that is not stuck (it progressed within the server's stuck-after).")
    boolean force;

    @Mixin
    GuardedFlags guarded;

    @Override
    public Integer call() {
        return GuardedCli.execute(options, guarded, inv -> new CancelAction(target, inv.sources(), force));
    }
}
