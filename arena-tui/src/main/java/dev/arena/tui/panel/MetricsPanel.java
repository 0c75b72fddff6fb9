package dev.arena.tui.panel;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import dev.arena.tui.source.MetricsSample;
import dev.arena.tui.state.ConsoleState;
import dev.arena.tui.state.RateTracker;
import dev.arena.tui.text.Cells;
import dev.arena.tui.text.Paint;
import java.util.List;

/**
 * Counters with per-second rates and sparklines, gauges with their value and a sparkline of it.
 * Two cells per row at 80 columns, three from 120; the most important metrics come first (the
 * alarms — publish failures of every process, lost runs — before the fork and reap gauges).
 */
final class MetricsPanel {

    /** One metric cell: a counter shows a rate, a gauge shows its value over time. */
    record Item(String label, String name, boolean counter, boolean alarmWhenPositive) {}

    static final List<Item> ITEMS = List.of(
            new Item("published", "events_published", true, false),
            new Item("runs open", "runs_open", false, false),
            new Item("streamed", "events_streamed", true, false),
            new Item("stuck forks", "fork_tasks_stuck", false, true),
            new Item("dropped", "streams_dropped", true, true),
            new Item("subscribers", "subscribers", false, false),
            new Item("pub fails", "publish_failures", true, true),
            new Item("runs lost", "runs_lost", true, true),
            new Item("forks run", "fork_tasks_running", false, false),
            new Item("reaped", "runs_reaped", true, false));

    void draw(TextGraphics g, ConsoleState s) {
        Paint.clear(g);
        Paint.titleRule(g, "Metrics", false, s.metrics().staleLabel(s.now()), "per second, last " + 60 + " samples");
        int w = g.getSize().getColumns();
        int cols = w >= 120 ? 3 : 2;
        int rows = g.getSize().getRows() - 1;
        int cellW = w / cols;
        MetricsSample latest = s.rates().latest();
        int i = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols && i < ITEMS.size(); c++, i++) {
                drawCell(
                        g.newTextGraphics(new TerminalPosition(c * cellW, r + 1), new TerminalSize(cellW, 1)),
                        ITEMS.get(i),
                        latest,
                        s.rates());
            }
        }
    }

    private static void drawCell(TextGraphics g, Item item, MetricsSample latest, RateTracker rates) {
        int w = g.getSize().getColumns();
        long value = latest == null ? -1 : latest.get(item.name());
        Paint.plain(g);
        g.putString(1, 0, Cells.fit(item.label(), 11));
        boolean alarm = item.alarmWhenPositive() && value > 0;
        if (alarm) {
            g.setForegroundColor(Paint.BAD);
            g.enableModifiers(SGR.BOLD);
        }
        g.putString(12, 0, Cells.right(Cells.count(value), 6));
        Paint.plain(g);
        int col = 19;
        double[] series;
        if (item.counter()) {
            String rate = Cells.rate(rates.rate(item.name()));
            g.putString(col, 0, Cells.right(rate, 7));
            col += 8;
            series = rates.rateSeries(item.name());
        } else {
            series = rates.valueSeries(item.name());
        }
        int sparkW = w - col - 2;
        if (sparkW > 2) {
            g.setForegroundColor(alarm ? Paint.BAD : Paint.ACCENT);
            g.putString(col, 0, Sparkline.render(series, sparkW));
            Paint.plain(g);
        }
    }
}
