package dev.arena.tui.text;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;

/** The few drawing moves every panel shares: a title rule, clipped text, and the colour scheme. */
public final class Paint {

    static final TextColor FG = TextColor.ANSI.DEFAULT;
    static final TextColor BG = TextColor.ANSI.DEFAULT;
    public static final TextColor DIM = TextColor.ANSI.WHITE;
    public static final TextColor OK = TextColor.ANSI.GREEN;
    public static final TextColor WARN = TextColor.ANSI.YELLOW;
    public static final TextColor BAD = TextColor.ANSI.RED;
    public static final TextColor ACCENT = TextColor.ANSI.CYAN;

    private Paint() {}

    /** Resets colours and modifiers to the terminal's defaults. */
    public static TextGraphics plain(TextGraphics g) {
        g.setForegroundColor(FG);
        g.setBackgroundColor(BG);
        g.clearModifiers();
        return g;
    }

    /** Clears the area. */
    public static void clear(TextGraphics g) {
        plain(g).fill(' ');
    }

    /**
     * Draws {@code ─ Title ─── note ─} across row 0; bold and reversed when the panel is focused;
     * a stale label is drawn in red after the title.
     */
    public static void titleRule(TextGraphics g, String title, boolean focused, String stale, String note) {
        int w = g.getSize().getColumns();
        plain(g);
        g.setForegroundColor(focused ? ACCENT : DIM);
        g.putString(0, 0, "─".repeat(w));
        String t = " " + title + " ";
        if (focused) {
            g.enableModifiers(SGR.REVERSE, SGR.BOLD);
        } else {
            g.enableModifiers(SGR.BOLD);
        }
        g.putString(1, 0, Cells.cut(t, w - 2));
        plain(g);
        int col = 1 + Math.min(t.length(), w - 2);
        if (note != null && !note.isEmpty() && col + 2 < w) {
            String n = note + " ";
            g.putString(col, 0, Cells.cut(n, w - col - 1));
            col += Math.min(n.length(), w - col - 1);
        }
        if (stale != null && col + 2 < w) {
            g.setForegroundColor(BAD);
            g.enableModifiers(SGR.BOLD);
            g.putString(col + 1, 0, Cells.cut(" " + stale + " ", w - col - 2));
        }
        plain(g);
    }

    /** Writes {@code text} at (col,row), clipped to the graphics' width. */
    public static void text(TextGraphics g, int col, int row, String text) {
        int w = g.getSize().getColumns();
        if (col < w && row < g.getSize().getRows()) {
            g.putString(col, row, Cells.cut(text, w - col));
        }
    }

    /**
     * How many of {@code height} rows a scrollable list can fill with items: all of them when
     * {@code total} fits, else one less, the last row being {@link #scrollHint}'s.
     */
    public static int listRows(int total, int height) {
        return total > height ? Math.max(1, height - 1) : height;
    }

    /**
     * Draws, dimmed at (col,row), how many items are above and below the shown window — {@code
     * ↑ 2 above  ↓ 12 more} — when the list does not fit; nothing when it does.
     */
    public static void scrollHint(TextGraphics g, int col, int row, int first, int shown, int total) {
        int below = total - first - shown;
        if (first <= 0 && below <= 0) {
            return;
        }
        String hint = (first > 0 ? "↑ " + first + " above" : "")
                + (first > 0 && below > 0 ? "  " : "")
                + (below > 0 ? "↓ " + below + " more" : "");
        plain(g);
        g.setForegroundColor(DIM);
        text(g, col, row, hint);
        plain(g);
    }
}
