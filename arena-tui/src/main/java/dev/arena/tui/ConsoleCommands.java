package dev.arena.tui;

import dev.arena.broker.RunId;
import dev.arena.tui.source.RunRow;
import dev.arena.tui.state.RunsTable;
import dev.arena.tui.text.Cells;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code :} command line: {@code filter TEXT}, {@code clear}, {@code sort KEY}, {@code go RUN},
 * {@code triage RUN}, {@code readers}, {@code reap RUN}, {@code runbook [NAME]}, {@code write}, {@code read},
 * {@code help}, {@code quit}. RUN is a full run id or a prefix matching exactly one listed run.
 */
final class ConsoleCommands {

    static final String USAGE = "commands: filter TEXT | clear | sort verdict|idle|length|started|id | go RUN"
            + " | triage RUN | readers | reap RUN | runbook [NAME] | write | read | help | quit";

    /** A parsed command line: the verb and its argument (may be empty). */
    record Parsed(String verb, String arg) {}

    private ConsoleCommands() {}

    /**
     * @throws IllegalArgumentException with the usage when the verb is unknown
     */
    static Parsed parse(String line) {
        String t = line == null ? "" : line.strip();
        if (t.startsWith(":")) {
            t = t.substring(1).strip();
        }
        int sp = t.indexOf(' ');
        String verb = (sp < 0 ? t : t.substring(0, sp)).toLowerCase(Locale.ROOT);
        String arg = sp < 0 ? "" : t.substring(sp + 1).strip();
        return switch (verb) {
            case "filter",
                    "clear",
                    "sort",
                    "go",
                    "triage",
                    "readers",
                    "reap",
                    "runbook",
                    "write",
                    "read",
                    "help",
                    "quit",
                    "q" -> new Parsed(verb.equals("q") ? "quit" : verb, arg);
            default -> throw new IllegalArgumentException("unknown command '" + Cells.cut(verb, 20) + "'; " + USAGE);
        };
    }

    /**
     * The run {@code text} names among {@code rows}: an exact id, or a unique prefix.
     *
     * @throws IllegalArgumentException when nothing or more than one run matches
     */
    static RunId resolveRun(String text, List<RunRow> rows) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (RunId.isValid(t)) {
            return RunId.parse(t);
        }
        if (!t.matches("[0-9a-f-]{1,36}")) {
            throw new IllegalArgumentException(
                    "'" + Cells.cut(text, 40) + "' is not a run id or id prefix (hex digits and dashes)");
        }
        List<RunId> hits = new ArrayList<>();
        for (RunRow r : rows) {
            if (r.runId().value().startsWith(t)) {
                hits.add(r.runId());
            }
        }
        if (hits.size() == 1) {
            return hits.get(0);
        }
        throw new IllegalArgumentException(
                hits.isEmpty()
                        ? "no open run starts with '" + t + "'"
                        : hits.size() + " open runs start with '" + t + "': type more characters");
    }

    static RunsTable.Sort sortKey(String text) {
        try {
            return RunsTable.Sort.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown sort '" + Cells.cut(text, 20) + "': use verdict, idle, length, started or id");
        }
    }
}
