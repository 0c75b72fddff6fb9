package dev.arena.tui;

import dev.arena.tui.text.Cells;
import dev.arena.tui.text.StyledLine;
import java.util.ArrayList;
import java.util.List;

/** The {@code ?} overlay: every key, the verdict legend, and what read-only means. */
final class HelpText {

    private HelpText() {}

    static List<StyledLine> lines(boolean writeMode) {
        List<StyledLine> out = new ArrayList<>();
        out.add(StyledLine.heading("Keys"));
        key(out, "?", "this help");
        key(out, "Tab / Shift-Tab", "next / previous panel (open runs, stream, fork tasks, audit/log)");
        key(out, "↑ ↓  j k  PgUp PgDn", "move the selection (or scroll the log)");
        key(out, "Enter", "detail: run and its newest events; fork task stack and error; full log");
        key(out, "/", "filter open runs by id, parent, status or verdict");
        key(out, "s", "cycle the sort: verdict, idle, length, started, id");
        key(out, ":", "command line: " + ConsoleCommands.USAGE);
        key(out, "t", "triage the selected run (or the selected fork's child): verdict and next command");
        key(out, "b", "runbook for what is selected (stuck fork; Redis operations from the log)");
        key(out, "r", "reap the selected run (write mode; type the run id's first 8 characters)");
        key(out, "c", "cancel the selected fork task, or the one producing the selected run (write mode;");
        key(out, "", "type its child run id's first 8 characters); its run ends cancelled");
        key(out, "p", "rotate the Redis password, step by step (write mode)");
        key(out, "W", "toggle write mode (now " + (writeMode ? "WRITE" : "read-only") + ")");
        key(out, "q", "quit (closes this window first)");
        out.add(StyledLine.text(""));
        out.add(StyledLine.heading("Verdicts of open runs"));
        key(out, "healthy", "events arrived recently");
        key(out, "", "(idle comes from the data: the server's idle_seconds, or the stream's last event)");
        key(out, "slow", "idle for a quarter of ARENA_FORK_STUCK_AFTER or more");
        key(out, "stalled", "idle for ARENA_FORK_STUCK_AFTER or more: press t");
        key(out, "orphan", "open, but no producer: Redis sentinel gone, or its fork task ended");
        key(out, "…", "statistics not fetched yet (one refresh scans a bounded number of runs)");
        out.add(StyledLine.text(""));
        out.add(StyledLine.heading("Safety"));
        out.add(StyledLine.text(" Read-only by default: guarded actions are hidden until W. Confirm dialogs start on"));
        out.add(StyledLine.text(
                " Cancel, pause the refresh, show the exact commands and act only on the typed token:"));
        out.add(StyledLine.text(" typing goes to the confirmation box wherever the focus is; Enter there confirms."));
        out.add(StyledLine.text(" While paused, idle times and verdicts stay as the last refresh read them."));
        out.add(StyledLine.text(
                " A panel whose source fails keeps its last data, marked \"stale <age>\", and recovers"));
        out.add(StyledLine.text(" by itself when the source answers again."));
        return out;
    }

    private static void key(List<StyledLine> out, String key, String what) {
        out.add(StyledLine.text(" " + Cells.fit(key, 22) + what));
    }
}
