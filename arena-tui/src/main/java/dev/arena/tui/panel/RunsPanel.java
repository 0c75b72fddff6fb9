package dev.arena.tui.panel;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import dev.arena.broker.RunId;
import dev.arena.tui.source.RunRow;
import dev.arena.tui.state.ConsoleState;
import dev.arena.tui.state.Focus;
import dev.arena.tui.state.RunVerdict;
import dev.arena.tui.state.RunsTable;
import dev.arena.tui.text.Cells;
import dev.arena.tui.text.Paint;
import java.util.ArrayList;
import java.util.List;

/**
 * The open-runs table: run, parent, sentinel TTL, retained length, head/tail seq, idle,
 * subscribers and verdict, sorted and filtered by {@link RunsTable}. Only the visible window is
 * drawn; the runs on screen are remembered so the next refresh fetches their statistics first.
 */
final class RunsPanel {

    private volatile List<RunId> visible = List.of();

    /** The runs drawn by the last frame (read by the refresher thread). */
    List<RunId> visibleRuns() {
        return visible;
    }

    void draw(TextGraphics g, ConsoleState s, boolean focused) {
        Paint.clear(g);
        RunsTable t = s.runsTable();
        int pinned = t.pinnedCount();
        String note = "(" + t.rows().size() + (t.rows().size() == t.totalCount() ? "" : " of " + t.totalCount())
                + ")  sort " + t.sort().label()
                + (pinned > 0 ? ", " + pinned + " problem" + (pinned == 1 ? "" : "s") + " pinned" : "")
                + (t.filter().isEmpty() ? "" : "  filter '" + t.filter() + "'");
        Paint.titleRule(g, Focus.RUNS.title(), focused, s.runs().staleLabel(s.now()), note);
        int w = g.getSize().getColumns();
        boolean wide = w >= 130;
        int idW = wide ? 36 : 8;
        Paint.plain(g);
        g.setForegroundColor(Paint.DIM);
        g.enableModifiers(SGR.BOLD);
        Paint.text(g, 0, 1, header(idW, wide));
        Paint.plain(g);
        List<RunsTable.Row> rows = t.rows();
        int height = Paint.listRows(rows.size(), g.getSize().getRows() - 2);
        if (rows.isEmpty()) {
            g.setForegroundColor(Paint.DIM);
            Paint.text(
                    g,
                    2,
                    2,
                    s.runs().value() == null
                            ? "loading…"
                            : t.totalCount() == 0 ? "no open runs" : "no run matches the filter (/ to change)");
            Paint.plain(g);
            visible = List.of();
            return;
        }
        int first = t.scrollFor(height);
        int selected = t.selectedIndex();
        List<RunId> shown = new ArrayList<>(height);
        for (int i = 0; i < height && first + i < rows.size(); i++) {
            RunsTable.Row row = rows.get(first + i);
            shown.add(row.run().runId());
            boolean sel = first + i == selected;
            drawRow(g, 2 + i, row, idW, wide, sel, focused, s);
        }
        visible = List.copyOf(shown);
        Paint.scrollHint(g, 2, 2 + height, first, shown.size(), rows.size());
    }

    static String header(int idW, boolean wide) {
        StringBuilder sb = new StringBuilder("  ");
        sb.append(Cells.fit("RUN", idW))
                .append(' ')
                .append(Cells.fit("PARENT", 8))
                .append(' ');
        if (wide) {
            sb.append(Cells.fit("STARTED", 8)).append(' ');
        }
        sb.append(Cells.right("TTL", 6))
                .append(' ')
                .append(Cells.right("LEN", 6))
                .append(' ')
                .append(Cells.right("HEAD", 7))
                .append(' ')
                .append(Cells.right("TAIL", 7))
                .append(' ')
                .append(Cells.right("IDLE", 6))
                .append(' ')
                .append(Cells.right("SUBS", 4))
                .append(' ')
                .append("VERDICT");
        return sb.toString();
    }

    private static void drawRow(
            TextGraphics g,
            int y,
            RunsTable.Row row,
            int idW,
            boolean wide,
            boolean sel,
            boolean focused,
            ConsoleState s) {
        RunRow r = row.run();
        StringBuilder sb = new StringBuilder(sel ? "> " : "  ");
        sb.append(Cells.fit(idW >= 36 ? r.runId().value() : r.runId().prefix(), idW))
                .append(' ');
        sb.append(Cells.fit(r.parentRunId() == null ? "-" : r.parentRunId().prefix(), 8))
                .append(' ');
        if (wide) {
            sb.append(Cells.fit(Cells.clock(r.startedAt(), s.clock().getZone()), 8))
                    .append(' ');
        }
        String unknown = Cells.UNKNOWN;
        sb.append(Cells.right(
                        !r.detailed() ? unknown : r.sentinelTtl() == null ? "-" : Cells.duration(r.sentinelTtl()), 6))
                .append(' ');
        sb.append(Cells.right(r.length() == null ? unknown : Cells.count(r.length()), 6))
                .append(' ');
        sb.append(Cells.right(r.headSeq() == null ? unknown : Long.toString(r.headSeq()), 7))
                .append(' ');
        sb.append(Cells.right(Long.toString(r.lastSeq()), 7)).append(' ');
        sb.append(Cells.right(row.idle() == null ? unknown : Cells.duration(row.idle()), 6))
                .append(' ');
        // Subscribers live in the server process; Redis alone cannot tell them: "-" there.
        String subs = r.subscribers() != null ? Integer.toString(r.subscribers()) : r.detailed() ? "-" : unknown;
        sb.append(Cells.right(subs, 4)).append(' ');
        String line = sb.toString();
        Paint.plain(g);
        if (sel) {
            g.enableModifiers(focused ? SGR.REVERSE : SGR.BOLD);
        }
        Paint.text(g, 0, y, line);
        g.setForegroundColor(verdictColor(row.verdict()));
        if (row.verdict() != RunVerdict.HEALTHY) {
            g.enableModifiers(SGR.BOLD);
        }
        Paint.text(g, line.length(), y, Cells.fit(row.verdict().label(), 8));
        Paint.plain(g);
    }

    private static TextColor verdictColor(RunVerdict v) {
        return switch (v) {
            case HEALTHY -> Paint.OK;
            case SLOW -> Paint.WARN;
            case STALLED, ORPHAN -> Paint.BAD;
            case UNKNOWN -> Paint.DIM;
        };
    }
}
