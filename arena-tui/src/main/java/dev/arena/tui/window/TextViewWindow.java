package dev.arena.tui.window;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.gui2.AbstractComponent;
import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.ComponentRenderer;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.input.KeyStroke;
import dev.arena.tui.text.Paint;
import dev.arena.tui.text.StyledLine;
import dev.arena.tui.text.WordWrap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * A scrollable, read-only text window for help, runbooks, triage results, stacks and event
 * details: ↑↓/jk scroll, PgUp/PgDn page, Home/End, q or Esc close. The content is produced for
 * the window's width, so Markdown re-wraps when the terminal is resized; it can be replaced while
 * the window is open (a triage that finishes after "working…").
 */
public final class TextViewWindow extends BasicWindow {

    private final View view = new View();
    private final Map<Character, Runnable> keys = new HashMap<>();
    private volatile IntFunction<List<StyledLine>> content;
    private final Runnable onClose;

    public TextViewWindow(String title, IntFunction<List<StyledLine>> content, Runnable onClose) {
        super(title);
        this.content = content;
        this.onClose = onClose;
        setHints(Set.of(Window.Hint.EXPANDED, Window.Hint.MODAL));
        setComponent(view);
    }

    public static TextViewWindow ofLines(String title, List<StyledLine> lines, Runnable onClose) {
        return new TextViewWindow(title, w -> lines, onClose);
    }

    /**
     * Binds {@code key} to {@code action} while this window is on top (e.g. {@code b} opens the
     * runbook from a triage result); q, j, k and space stay the window's own.
     */
    public TextViewWindow onKey(char key, Runnable action) {
        keys.put(key, action);
        return this;
    }

    /** Replaces the content (GUI thread). */
    public void setLines(List<StyledLine> lines) {
        content = w -> lines;
        view.scroll = 0;
        view.invalidate();
    }

    /**
     * The lines as laid out for {@code width}: the content's lines, each one longer than the width
     * wrapped (indentation kept, continuation indented), so nothing is cut at the window's edge.
     */
    List<StyledLine> lines(int width) {
        List<StyledLine> out = new ArrayList<>();
        for (StyledLine line : content.apply(width)) {
            if (line.text().length() <= width) {
                out.add(line);
            } else {
                for (String piece : WordWrap.wrapIndented(line.text(), width)) {
                    out.add(StyledLine.of(line.kind(), piece));
                }
            }
        }
        return out;
    }

    @Override
    public boolean handleInput(KeyStroke key) {
        int page = Math.max(1, view.getSize().getRows() - 1);
        switch (key.getKeyType()) {
            case Escape -> {
                close();
                return true;
            }
            case ArrowUp -> view.scrollBy(-1);
            case ArrowDown -> view.scrollBy(1);
            case PageUp -> view.scrollBy(-page);
            case PageDown -> view.scrollBy(page);
            case Home -> view.scrollBy(Integer.MIN_VALUE / 2);
            case End -> view.scrollBy(Integer.MAX_VALUE / 2);
            case Character -> {
                char c = key.getCharacter();
                if (c == 'q') {
                    close();
                } else if (c == 'j' || c == ' ') {
                    view.scrollBy(c == ' ' ? page : 1);
                } else if (c == 'k') {
                    view.scrollBy(-1);
                } else if (keys.containsKey(c)) {
                    keys.get(c).run();
                }
            }
            default -> {
                return true;
            }
        }
        return true;
    }

    @Override
    public void close() {
        super.close();
        if (onClose != null) {
            onClose.run();
        }
    }

    private final class View extends AbstractComponent<View> {
        private int scroll;

        void scrollBy(int delta) {
            List<StyledLine> lines = lines(Math.max(1, getSize().getColumns() - 1));
            int max = Math.max(0, lines.size() - getSize().getRows());
            scroll = (int) Math.max(0, Math.min(max, (long) scroll + delta));
            invalidate();
        }

        @Override
        protected ComponentRenderer<View> createDefaultRenderer() {
            return new ComponentRenderer<>() {
                @Override
                public TerminalSize getPreferredSize(View component) {
                    return new TerminalSize(60, 10);
                }

                @Override
                public void drawComponent(TextGUIGraphics g, View component) {
                    paint(g);
                }
            };
        }

        private void paint(TextGraphics g) {
            Paint.clear(g);
            int w = g.getSize().getColumns();
            int h = g.getSize().getRows();
            List<StyledLine> lines = lines(Math.max(1, w - 1));
            int max = Math.max(0, lines.size() - h);
            scroll = Math.min(scroll, max);
            for (int i = 0; i < h && scroll + i < lines.size(); i++) {
                StyledLine line = lines.get(scroll + i);
                Paint.plain(g);
                switch (line.kind()) {
                    case HEADING -> g.enableModifiers(SGR.BOLD).setForegroundColor(Paint.ACCENT);
                    case CODE -> g.setForegroundColor(Paint.WARN);
                    case ALERT -> g.enableModifiers(SGR.BOLD).setForegroundColor(Paint.BAD);
                    case GOOD -> g.enableModifiers(SGR.BOLD).setForegroundColor(Paint.OK);
                    case DIM -> g.setForegroundColor(Paint.DIM);
                    default -> {}
                }
                Paint.text(g, 0, i, line.text());
            }
            Paint.plain(g);
            if (lines.size() > h) {
                String pos = " " + (scroll + 1) + "-" + Math.min(lines.size(), scroll + h) + "/" + lines.size() + " ";
                g.setForegroundColor(Paint.DIM);
                Paint.text(g, Math.max(0, w - pos.length()), h - 1, pos);
                Paint.plain(g);
            }
        }
    }
}
