package dev.arena.diag.cli;

import dev.arena.diag.action.AuditLog;
import dev.arena.diag.cli.support.Counts;
import dev.arena.diag.cli.support.ExitCodes;
import dev.arena.wire.AuditEntry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code arena diag history}: the newest guarded actions from the audit log (ARENA_AUDIT_LOG). */
@Command(
        name = "history",
        description =
                "The newest guarded actions (reap, rotation, server admin calls) from the audit log ARENA_AUDIT_LOG.")
final class HistoryCommand implements Callable<Integer> {

    /** The shared diag flags; {@link DiagCommand} adds them to this command's spec. */
    final DiagOptions options = new DiagOptions();

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "20",
            converter = Counts.Positive.class,
            description = "Show the newest N entries (1 or more). Default: ${DEFAULT-VALUE}.")
    int limit;

    @Override
    public Integer call() {
        return options.execute(false, this::body);
    }

    private int body(Invocation inv) {
        AuditLog log = new AuditLog(inv.context().auditLog());
        List<AuditEntry> entries = log.tail(limit);
        if (inv.json()) {
            inv.printJson(Map.of("audit_log", log.file().toString(), "entries", entries));
            return ExitCodes.OK;
        }
        if (entries.isEmpty()) {
            inv.out().println("no guarded actions recorded in " + log.file());
            return ExitCodes.OK;
        }
        Table t = new Table("TS", "ACTION", "TARGET", "ACTOR", "RESULT", "DETAIL");
        entries.forEach(e -> t.row(e.ts(), e.action(), e.target(), e.actor(), e.result(), e.detail()));
        inv.out().print(t.render());
        return ExitCodes.OK;
    }
}
