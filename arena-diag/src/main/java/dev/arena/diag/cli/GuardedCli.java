package dev.arena.diag.cli;

import dev.arena.diag.DiagException;
import dev.arena.diag.Status;
import dev.arena.diag.action.ActionOutcome;
import dev.arena.diag.action.ActionPreview;
import dev.arena.diag.action.AuditLog;
import dev.arena.diag.action.Confirmation;
import dev.arena.diag.action.GuardedAction;
import dev.arena.diag.action.GuardedRunner;
import dev.arena.diag.cli.support.ExitCodes;
import dev.arena.diag.cli.support.JsonErrors;
import dev.arena.diag.redis.RedisUnavailableException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The command-line face of a guarded action: print the preview, ask (or take --yes), run, print the outcome. */
final class GuardedCli {

    /** The JSON of a guarded command. */
    record Json(
            String action,
            String target,
            String result,
            String message,
            ActionPreview preview,
            List<String> verification) {}

    private GuardedCli() {}

    /** Runs, as the command these {@code options} belong to, the guarded action {@code action} builds for the invocation. */
    static int execute(DiagOptions options, GuardedFlags flags, Function<Invocation, GuardedAction> action) {
        return options.execute(flags.readonly, inv -> run(inv, action.apply(inv), flags));
    }

    static int run(Invocation inv, GuardedAction action, GuardedFlags flags) {
        boolean yes = flags.yes;
        boolean dryRun = flags.dryRun;
        String actor = DiagCommand.clientName() + " (" + System.getProperty("user.name", "?") + ")";
        GuardedRunner runner = new GuardedRunner(
                new AuditLog(inv.context().auditLog()),
                inv.context().readonly(),
                actor,
                inv.context().envLabel().orElse(null),
                inv.clock());
        ActionPreview preview;
        try {
            preview = runner.preview(action);
        } catch (DiagException | RedisUnavailableException e) {
            if (inv.json()) {
                JsonErrors.print(inv.out(), e, "arena diag " + action.name() + ": cannot preview: " + e.getMessage());
            }
            inv.err().println("arena diag " + action.name() + ": cannot preview: " + e.getMessage());
            return ExitCodes.UNKNOWN;
        }
        if (!inv.json()) {
            printPreview(inv, preview);
        }
        Confirmation confirmation = Confirmation.none();
        if (yes) {
            confirmation = Confirmation.yes();
        } else if (!dryRun && !inv.context().readonly() && !preview.blocked() && inv.input() != null && !inv.json()) {
            inv.out()
                    .print("Type " + inv.style().bold(preview.confirmPrefix()) + " to " + action.name() + " "
                            + action.target() + " (anything else cancels): ");
            inv.out().flush();
            try {
                String line = inv.input().readLine();
                confirmation = Confirmation.typed(line == null ? "" : line);
            } catch (IOException e) {
                confirmation = Confirmation.none();
            }
        }
        ActionOutcome outcome = runner.run(action, preview, confirmation, dryRun);
        int code =
                switch (outcome.result()) {
                    case DONE, DRY_RUN -> ExitCodes.OK;
                    case REFUSED, NOT_CONFIRMED -> ExitCodes.REFUSED;
                    case FAILED, ROLLED_BACK -> ExitCodes.UNKNOWN;
                };
        if (inv.json()) {
            inv.printJson(new Json(
                    action.name(),
                    action.target(),
                    outcome.result().name().toLowerCase(Locale.ROOT),
                    outcome.message(),
                    preview,
                    outcome.report() == null ? List.of() : outcome.report().verification()));
            return code;
        }
        if (outcome.report() != null) {
            inv.out().println("verification:");
            outcome.report().verification().forEach(v -> inv.out().println("  " + v));
        }
        Status shown = code == ExitCodes.OK ? Status.OK : code == ExitCodes.REFUSED ? Status.WARNING : Status.CRITICAL;
        String label = outcome.result().name().toLowerCase(Locale.ROOT) + ": ";
        String line = outcome.message().startsWith(label)
                ? outcome.message()
                : label + outcome.message(); // never "refused: refused: …"
        if (code == ExitCodes.OK) {
            inv.out().println(inv.style().status(shown, line));
        } else {
            inv.err().println(inv.style().status(shown, line));
        }
        return code;
    }

    private static void printPreview(Invocation inv, ActionPreview p) {
        inv.out()
                .println(inv.style().bold(p.action() + " " + p.target())
                        + inv.context().envLabel().map(e -> " [env " + e + "]").orElse(""));
        inv.out().println("now:");
        p.facts().forEach(f -> inv.out().println("  " + f));
        inv.out().println("will:");
        int i = 1;
        for (String s : p.steps()) {
            inv.out().println("  " + i++ + ". " + s);
        }
        inv.out().println("raw equivalent:");
        p.commands().forEach(c -> inv.out().println("  " + inv.style().dim(c)));
        if (p.blocked()) {
            inv.out().println(inv.style().status(Status.WARNING, "blocked: " + p.blocker()));
        }
        inv.out().flush();
    }
}
