package dev.arena.tui.panel;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.graphics.TextGraphics;
import dev.arena.broker.Envelope;
import dev.arena.tui.source.RunRow;
import dev.arena.tui.source.StreamDetail;
import dev.arena.tui.state.ConsoleState;
import dev.arena.tui.state.Focus;
import dev.arena.tui.text.Cells;
import dev.arena.tui.text.Paint;
import java.util.List;

/** Stream detail of the selected run: head/tail/length, its archive position, then its newest events, newest last. */
final class StreamPanel {

    void draw(TextGraphics g, ConsoleState s, boolean focused) {
        Paint.clear(g);
        StreamDetail d = s.stream().value();
        boolean current = d != null && d.run().runId().equals(s.streamRun());
        String title = Focus.STREAM.title()
                + (s.streamRun() == null ? "" : " " + s.streamRun().prefix());
        Paint.titleRule(g, title, focused, s.stream().staleLabel(s.now()), null);
        if (s.streamRun() == null) {
            g.setForegroundColor(Paint.DIM);
            Paint.text(g, 1, 1, "select a run");
            Paint.plain(g);
            return;
        }
        if (!current) {
            g.setForegroundColor(Paint.DIM);
            Paint.text(g, 1, 1, "loading…");
            Paint.plain(g);
            return;
        }
        RunRow r = d.run();
        String stats = "head " + (r.headSeq() == null ? "-" : r.headSeq()) + "  tail " + r.lastSeq()
                + "  len " + (r.length() == null ? "-" : Cells.count(r.length()))
                + (r.sentinelTtl() == null ? "" : "  ttl " + Cells.duration(r.sentinelTtl()))
                + "  " + r.status();
        g.enableModifiers(SGR.BOLD);
        Paint.text(g, 1, 1, stats);
        Paint.plain(g);
        Long lag = d.archiveLag();
        if (lag == null) {
            g.setForegroundColor(Paint.DIM);
            Paint.text(g, 1, 2, "store: archived through unknown (server not reachable)");
        } else {
            Paint.text(
                    g,
                    1,
                    2,
                    "store: archived through " + d.archivedThrough()
                            + (lag == 0 ? ", up to date" : ", " + Cells.count(lag) + " behind"));
        }
        Paint.plain(g);
        int rows = g.getSize().getRows() - 3;
        List<Envelope> events = d.lastEvents();
        int from = Math.max(0, events.size() - rows);
        for (int i = 0; from + i < events.size(); i++) {
            Envelope e = events.get(from + i);
            String line = "#" + e.seq() + " " + Cells.clock(e.ts(), s.clock().getZone()) + " " + e.kind()
                    + (e.phase() == null ? "" : " [" + e.phase() + "]");
            if (e.isTerminal() || e.kind().endsWith(".error")) {
                g.setForegroundColor(Paint.WARN);
            }
            Paint.text(g, 1, 3 + i, line);
            Paint.plain(g);
        }
    }
}
