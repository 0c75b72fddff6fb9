package dev.arena.tui.panel;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import dev.arena.tui.state.ConsoleState;
import dev.arena.tui.text.Cells;
import dev.arena.tui.text.Paint;
import dev.arena.tui.text.StyledLine;
import dev.arena.wire.Health;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Three header rows: environment label, server, backend, what the Redis is (standalone, or a
 * cluster's masters, replicas and cluster_state) and the masked Redis URL; then health, mode and the
 * time of the last refresh (with "paused" while a confirm dialog is open); then the servers the
 * registry lists ({@link ServersLine}).
 */
final class HeaderPanel {

    void draw(TextGraphics g, ConsoleState s) {
        Paint.clear(g);
        Instant now = s.now();
        int col = 0;
        g.enableModifiers(SGR.BOLD);
        g.putString(col, 0, " ARENA ");
        col += 7;
        Paint.plain(g);
        String env = s.settings().envLabel();
        if (env != null && !env.isBlank()) {
            boolean prod = env.toLowerCase(Locale.ROOT).startsWith("prod");
            g.setBackgroundColor(prod ? TextColor.ANSI.RED : TextColor.ANSI.BLUE);
            g.setForegroundColor(TextColor.ANSI.WHITE_BRIGHT);
            g.enableModifiers(SGR.BOLD);
            String label = " " + Cells.cut(env, 16) + " ";
            g.putString(col, 0, label);
            col += label.length() + 1;
            Paint.plain(g);
        }
        Health h = s.health().value();
        String backend = h != null
                ? (h.backend() == null ? "?" : h.backend().wireName())
                : s.settings().backend();
        String redis =
                h != null && h.redis() != null ? h.redis().url() : s.settings().redisUrl();
        String server = s.settings().serverUrl();
        String redisShown = redis == null ? "-" : redis;
        String topology = s.topology().value();
        String topologyShown =
                topology == null ? "" : "  " + topology + (s.topology().stale() ? " (stale)" : "");
        // Both URLs fit the row beside the topology: shortened in the middle (scheme and host:port stay)
        // rather than cut at the edge.
        int room = g.getSize().getColumns()
                - col
                - 1
                - "server   backend   redis ".length()
                - backend.length()
                - topologyShown.length();
        if (server.length() + redisShown.length() > room) {
            redisShown = Cells.middle(redisShown, Math.max(26, room - Math.min(server.length(), room / 2)));
            server = Cells.middle(server, Math.max(12, room - redisShown.length()));
        }
        StringBuilder line0 = new StringBuilder();
        line0.append("server ").append(server).append("  backend ").append(backend);
        line0.append(topologyShown);
        line0.append("  redis ").append(redisShown);
        String served = h != null && h.redis() != null ? h.redis().topology() : null;
        if (topology == null && served != null && served.startsWith("redis cluster: ")) {
            line0.append("  ").append(served); // the server's view, when this console reads no Redis itself
        }
        if (h != null && !backend.equals(s.settings().backend())) {
            line0.append("  (this shell selects ")
                    .append(s.settings().backend())
                    .append("!)");
        }
        Paint.text(g, col, 0, line0.toString());

        col = 1;
        g.putString(col, 1, "health ");
        col += 7;
        String stale = s.health().staleLabel(now);
        if (stale != null) {
            g.setForegroundColor(Paint.BAD);
            g.enableModifiers(SGR.BOLD);
            String t = "UNREACHABLE (" + stale + ")";
            t = Cells.cut(t, Math.max(10, g.getSize().getColumns() - 50));
            g.putString(col, 1, t);
            col += t.length() + 2;
        } else if (h == null) {
            g.setForegroundColor(Paint.DIM);
            g.putString(col, 1, "connecting…");
            col += 13;
        } else {
            g.setForegroundColor(h.isOk() ? Paint.OK : Paint.WARN);
            g.enableModifiers(SGR.BOLD);
            Double pingMs = h.redis() == null ? null : h.redis().pingMs();
            String t = h.status() + (pingMs == null ? "" : String.format(Locale.ROOT, " (ping %.1fms)", pingMs))
                    + " up " + Cells.duration(Duration.ofSeconds(h.uptimeSeconds()));
            g.putString(col, 1, t);
            col += t.length() + 2;
        }
        Paint.plain(g);
        g.putString(col, 1, "mode ");
        col += 5;
        g.enableModifiers(SGR.BOLD);
        g.setForegroundColor(s.writeMode() ? Paint.WARN : Paint.OK);
        String mode = s.writeMode() ? "WRITE" : "read-only";
        g.putString(col, 1, mode);
        col += mode.length() + 2;
        Paint.plain(g);
        Instant last = s.lastRefresh();
        String refreshed = last == null
                ? "refreshed never"
                : "refreshed " + Cells.clock(last, s.clock().getZone()) + " ("
                        + Cells.duration(Duration.between(last, now)) + " ago)";
        Paint.text(g, col, 1, refreshed + "  every " + Cells.duration(s.refresh()));
        if (s.paused()) {
            g.setForegroundColor(Paint.WARN);
            g.enableModifiers(SGR.BOLD);
            Paint.text(g, Math.max(col, g.getSize().getColumns() - 8), 1, " PAUSED");
            Paint.plain(g);
        }
        drawServers(g, ServersLine.of(h, stale));
    }

    private static void drawServers(TextGraphics g, List<StyledLine> parts) {
        int col = 1;
        for (StyledLine part : parts) {
            Paint.plain(g);
            switch (part.kind()) {
                case GOOD -> g.setForegroundColor(Paint.OK);
                case ALERT -> {
                    g.setForegroundColor(Paint.WARN);
                    g.enableModifiers(SGR.BOLD);
                }
                case DIM -> g.setForegroundColor(Paint.DIM);
                default -> {}
            }
            Paint.text(g, col, 2, part.text());
            col += part.text().length();
        }
        Paint.plain(g);
    }
}
