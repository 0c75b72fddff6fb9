package dev.arena.tui.panel;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.gui2.AbstractComponent;
import com.googlecode.lanterna.gui2.ComponentRenderer;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import dev.arena.broker.RunId;
import dev.arena.tui.state.ConsoleState;
import dev.arena.tui.state.Focus;
import dev.arena.tui.text.Paint;
import java.util.List;

/**
 * The one component of the main window: lays the panels out for the current size and draws them,
 * or the "too small" message below 80×24. Drawing happens on the GUI thread only.
 */
public final class Dashboard extends AbstractComponent<Dashboard> {

    static final String TOO_SMALL = "too small (need 80×24), q to quit";

    private final ConsoleState state;
    private final HeaderPanel header = new HeaderPanel();
    private final MetricsPanel metrics = new MetricsPanel();
    private final RunsPanel runs = new RunsPanel();
    private final StreamPanel stream = new StreamPanel();
    private final ForksPanel forks = new ForksPanel();
    private final LogPanel log = new LogPanel();
    private final KeyBar bar = new KeyBar();
    private volatile boolean tooSmall;

    public Dashboard(ConsoleState state) {
        this.state = state;
    }

    /** The runs drawn in the last frame. */
    public List<RunId> visibleRuns() {
        return runs.visibleRuns();
    }

    /** True when the last frame was too small to draw the panels. */
    public boolean tooSmall() {
        return tooSmall;
    }

    /** Rows of the runs table in the last frame, for page up/down. */
    public int runsPageSize(TerminalSize size) {
        return ConsoleLayout.fits(size)
                ? Math.max(1, ConsoleLayout.of(size).runs().height() - 2)
                : 1;
    }

    void drawAll(TextGraphics g) {
        TerminalSize size = g.getSize();
        if (!ConsoleLayout.fits(size)) {
            tooSmall = true;
            drawTooSmall(g, size);
            return;
        }
        tooSmall = false;
        ConsoleLayout l = ConsoleLayout.of(size);
        Focus focus = state.focus();
        header.draw(area(g, l.header()), state);
        metrics.draw(area(g, l.metrics()), state);
        runs.draw(area(g, l.runs()), state, focus == Focus.RUNS);
        stream.draw(area(g, l.stream()), state, focus == Focus.STREAM);
        forks.draw(area(g, l.forks()), state, focus == Focus.FORKS);
        log.draw(area(g, l.log()), state, focus == Focus.LOG);
        bar.draw(area(g, l.bar()), state);
    }

    private static void drawTooSmall(TextGraphics g, TerminalSize size) {
        Paint.clear(g);
        g.enableModifiers(SGR.BOLD);
        String msg = TOO_SMALL;
        int w = Math.max(1, size.getColumns());
        int row = 0;
        for (int i = 0; i < msg.length() && row < size.getRows(); i += w, row++) {
            g.putString(0, row, msg.substring(i, Math.min(msg.length(), i + w)));
        }
        Paint.plain(g);
        if (row < size.getRows()) {
            Paint.text(g, 0, row, "now " + size.getColumns() + "×" + size.getRows());
        }
    }

    private static TextGraphics area(TextGraphics g, ConsoleLayout.Rect r) {
        return g.newTextGraphics(new TerminalPosition(r.col(), r.row()), new TerminalSize(r.width(), r.height()));
    }

    @Override
    protected ComponentRenderer<Dashboard> createDefaultRenderer() {
        return new ComponentRenderer<>() {
            @Override
            public TerminalSize getPreferredSize(Dashboard component) {
                return new TerminalSize(ConsoleLayout.MIN_COLUMNS, ConsoleLayout.MIN_ROWS);
            }

            @Override
            public void drawComponent(TextGUIGraphics graphics, Dashboard component) {
                component.drawAll(graphics);
            }
        };
    }
}
