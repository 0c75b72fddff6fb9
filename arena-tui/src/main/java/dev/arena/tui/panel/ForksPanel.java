package dev.arena.tui.panel;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.graphics.TextGraphics;
import dev.arena.broker.RunId;
import dev.arena.tui.state.ConsoleState;
import dev.arena.tui.state.Focus;
import dev.arena.tui.state.ForksList;
import dev.arena.tui.text.Cells;
import dev.arena.tui.text.Paint;
import dev.arena.wire.ForkState;
import dev.arena.wire.ForkTaskView;
import java.time.Duration;
import java.util.List;

/** Fork tasks, stuck ones first and in red, slow ones (idle, stack moving) next in yellow; Enter shows the selected task's stack and error. */
final class ForksPanel {

    void draw(TextGraphics g, ConsoleState s, boolean focused) {
        Paint.clear(g);
        ForksList f = s.forksList();
        long stuck = f.stuckCount();
        long slow = f.rows().stream().filter(ForkTaskView::slow).count();
        String note = "(" + f.rows().size() + (stuck > 0 ? ", " + stuck + " STUCK" : "")
                + (slow > 0 ? ", " + slow + " slow" : "") + ")";
        Paint.titleRule(g, Focus.FORKS.title(), focused, s.forks().staleLabel(s.now()), note);
        List<ForkTaskView> rows = f.rows();
        int panelRows = g.getSize().getRows() - 1;
        int height = Paint.listRows(rows.size(), panelRows);
        g.setForegroundColor(Paint.DIM);
        for (int r = 1; r <= panelRows; r++) {
            g.putString(0, r, "│");
        }
        Paint.plain(g);
        if (rows.isEmpty()) {
            g.setForegroundColor(Paint.DIM);
            Paint.text(g, 2, 1, s.forks().value() == null ? "loading…" : "no fork tasks");
            Paint.plain(g);
            return;
        }
        int first = f.scrollFor(height);
        ForkTaskView sel = f.selectedRow();
        for (int i = 0; i < height && first + i < rows.size(); i++) {
            ForkTaskView row = rows.get(first + i);
            String child = row.childRunId() == null || !RunId.isValid(row.childRunId())
                    ? "-"
                    : RunId.parse(row.childRunId()).prefix();
            String idle = Cells.duration(Duration.ofMillis((long) (row.idleSeconds() * 1000)));
            String line = (row.stuck() ? "! " : row.slow() ? "~ " : "  ") + Cells.fit(child, 8) + " "
                    + Cells.fit(row.stage(), 11)
                    + " " + Cells.right(idle, 6) + " "
                    + Cells.fit(
                            row.stuck()
                                    ? "STUCK"
                                    : row.slow() ? "slow" : row.state().wireName(),
                            9)
                    + " " + row.name();
            Paint.plain(g);
            if (row.stuck()) {
                g.setForegroundColor(Paint.BAD);
                g.enableModifiers(SGR.BOLD);
            } else if (row.state() == ForkState.FAILED || row.slow()) {
                g.setForegroundColor(Paint.WARN);
            } else if (!row.isRunning()) {
                g.setForegroundColor(Paint.DIM);
            }
            if (row == sel && focused) {
                g.enableModifiers(SGR.REVERSE);
            }
            Paint.text(g, 1, 1 + i, Cells.fit(line, g.getSize().getColumns() - 1));
            Paint.plain(g);
        }
        Paint.scrollHint(g, 3, 1 + height, first, Math.min(height, rows.size() - first), rows.size());
    }
}
