package dev.arena.tui;

import dev.arena.tui.text.Cells;
import dev.arena.tui.text.StyledLine;
import dev.arena.tui.text.WordWrap;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code ?} overlay: every key, the verdict legend, and what read-only means, laid out for the
 * window's width: descriptions wrap under their column, paragraphs wrap, nothing is cut.
 */
final class HelpText {

    private static final int KEY_COLUMN = 20;

    private HelpText() {}

    static List<StyledLine> lines(boolean writeMode, int width) {
        List<StyledLine> out = new ArrayList<>();
        out.add(StyledLine.heading("Keys"));
        key(out, width, "?", "this help");
        key(out, width, "Tab / Shift-Tab", "next / previous panel (open runs, stream, fork tasks, audit/log)");
        key(out, width, "↑ ↓  j k  PgUp PgDn", "move the selection (or scroll the log)");
        key(out, width, "Enter", "detail: run and its newest events; fork task stack and error; full log");
        key(out, width, "/", "filter open runs by id, parent, status or verdict");
        key(out, width, "s", "cycle the sort: verdict, idle, length, started, id");
        key(out, width, ":", "command line: " + ConsoleCommands.USAGE);
        key(out, width, "t", "triage the selected run (or the selected fork's child): verdict and next command");
        key(out, width, "b", "runbook for what is selected (stuck fork; Redis operations from the log)");
        key(out, width, "r", "reap the selected run (write mode; type the run id's first 8 characters)");
        key(
                out,
                width,
                "c",
                "cancel the selected fork task, or the one producing the selected run (write mode;"
                        + " type its child run id's first 8 characters); its run ends cancelled");
        key(out, width, "p", "rotate the Redis password, step by step (write mode)");
        key(out, width, "W", "toggle write mode (now " + (writeMode ? "WRITE" : "read-only") + ")");
        key(out, width, "q", "quit (closes this window first)");
        out.add(StyledLine.text(""));
        out.add(StyledLine.heading("Verdicts of open runs"));
        key(
                out,
                width,
                "healthy",
                "events arrived recently (idle comes from the data: the server's idle_seconds, or"
                        + " the stream's last event)");
        key(out, width, "slow", "idle for a quarter of ARENA_FORK_STUCK_AFTER or more");
        key(out, width, "stalled", "idle for ARENA_FORK_STUCK_AFTER or more: press t");
        key(out, width, "orphan", "open, but no producer: Redis sentinel gone, or its fork task ended");
        key(out, width, "…", "statistics not fetched yet (one refresh scans a bounded number of runs)");
        out.add(StyledLine.text(""));
        out.add(StyledLine.heading("Safety"));
        paragraph(
                out,
                width,
                "Read-only by default: guarded actions are hidden until W. Confirm dialogs start on"
                        + " Cancel, pause the refresh, show the exact commands and act only on the typed token:"
                        + " typing goes to the confirmation box wherever the focus is; Enter there confirms; Esc"
                        + " cancels; > marks the focus. While paused, idle times and verdicts stay as the last refresh"
                        + " read them.");
        paragraph(
                out,
                width,
                "A panel whose source fails keeps its last data, marked \"stale <age>\", and recovers"
                        + " by itself when the source answers again.");
        return out;
    }

    private static void paragraph(List<StyledLine> out, int width, String text) {
        for (String piece : WordWrap.wrap(text, width - 1)) {
            out.add(StyledLine.text(" " + piece));
        }
    }

    /** A key and what it does; the description wraps under its own column (under the key when narrow). */
    private static void key(List<StyledLine> out, int width, String key, String what) {
        int column = 1 + KEY_COLUMN;
        if (width - column < 20) {
            out.add(StyledLine.text(" " + key));
            paragraph(out, width, "  " + what);
            return;
        }
        String head = " " + Cells.fit(key, KEY_COLUMN);
        String indent = " ".repeat(column);
        boolean first = true;
        for (String piece : WordWrap.wrap(what, width - column)) {
            out.add(StyledLine.text((first ? head : indent) + piece));
            first = false;
        }
    }
}
