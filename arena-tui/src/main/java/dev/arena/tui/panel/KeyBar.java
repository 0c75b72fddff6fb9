package dev.arena.tui.panel;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.graphics.TextGraphics;
import dev.arena.tui.state.ConsoleState;
import dev.arena.tui.text.Paint;
import java.util.ArrayList;
import java.util.List;

/**
 * The bottom row: the focused panel's keys, then the global ones. When the row is too narrow the
 * global hints in the middle are dropped first; {@code ?} and {@code q} always stay.
 */
final class KeyBar {

    void draw(TextGraphics g, ConsoleState s) {
        Paint.clear(g);
        List<KeyMap.Hint> hints = KeyMap.hints(s.focus(), s.writeMode(), s.targetFork() != null);
        String text = fit(hints, g.getSize().getColumns());
        int col = 0;
        for (String part : text.split("\u0000")) {
            if (part.isEmpty()) {
                continue;
            }
            int sp = part.indexOf(' ');
            String key = sp < 0 ? part : part.substring(0, sp);
            String label = sp < 0 ? "" : part.substring(sp);
            g.enableModifiers(SGR.REVERSE, SGR.BOLD);
            g.putString(col, 0, key);
            Paint.plain(g);
            g.putString(col + key.length(), 0, label);
            col += part.length() + 1;
        }
    }

    /** The hints that fit, separated by NUL markers (each "key label"). */
    static String fit(List<KeyMap.Hint> hints, int width) {
        List<KeyMap.Hint> kept = new ArrayList<>(hints);
        while (length(kept) > width && kept.size() > 2) {
            int drop = -1;
            for (int i = kept.size() - 1; i >= 0; i--) {
                String k = kept.get(i).key();
                if (!k.equals("?")
                        && !k.equals("q")
                        && !k.equals("W")
                        && !k.equals("r")
                        && !k.equals("c")
                        && !k.equals("t")) {
                    drop = i;
                    break;
                }
            }
            kept.remove(drop < 0 ? kept.size() - 3 : drop);
        }
        StringBuilder sb = new StringBuilder();
        for (KeyMap.Hint h : kept) {
            sb.append(h.key()).append(' ').append(h.label()).append('\u0000');
        }
        return sb.toString();
    }

    private static int length(List<KeyMap.Hint> hints) {
        int n = 0;
        for (KeyMap.Hint h : hints) {
            n += h.key().length() + 1 + h.label().length() + 1;
        }
        return n;
    }
}
