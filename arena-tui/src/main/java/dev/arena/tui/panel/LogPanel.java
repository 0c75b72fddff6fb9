package dev.arena.tui.panel;

import com.googlecode.lanterna.graphics.TextGraphics;
import dev.arena.tui.state.ConsoleState;
import dev.arena.tui.state.Focus;
import dev.arena.tui.text.Paint;
import java.util.ArrayList;
import java.util.List;

/** The audit-log tail (guarded actions, from the audit file) and the console's own messages. */
public final class LogPanel {

    void draw(TextGraphics g, ConsoleState s, boolean focused) {
        Paint.clear(g);
        Paint.titleRule(g, Focus.LOG.title(), focused, s.audit().staleLabel(s.now()), null);
        List<String> lines = lines(s);
        int height = g.getSize().getRows() - 1;
        int maxScroll = Math.max(0, lines.size() - height);
        int scroll = Math.min(s.logScroll(), maxScroll);
        int from = Math.max(0, lines.size() - height - scroll);
        for (int i = 0; i < height && from + i < lines.size(); i++) {
            String line = lines.get(from + i);
            if (line.startsWith("audit ")) {
                g.setForegroundColor(Paint.ACCENT);
            } else if (line.contains("fail") || line.contains("refused")) {
                g.setForegroundColor(Paint.WARN);
            }
            Paint.text(g, 1, 1 + i, line);
            Paint.plain(g);
        }
    }

    public static List<String> lines(ConsoleState s) {
        List<String> out = new ArrayList<>();
        List<String> audit = s.audit().value();
        if (audit != null) {
            for (String a : audit) {
                out.add("audit " + a);
            }
        }
        out.addAll(s.log().lines());
        return out;
    }
}
