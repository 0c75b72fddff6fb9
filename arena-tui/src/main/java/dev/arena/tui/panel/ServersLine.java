package dev.arena.tui.panel;

import dev.arena.tui.text.StyledLine;
import dev.arena.wire.Backend;
import dev.arena.wire.Health;
import dev.arena.wire.ServerEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The header's third row: every server the registry lists (from {@code /health}'s {@code servers}),
 * each as {@code id host:port heartbeat-age}, the console's own server marked {@code *}, green while
 * its heartbeat is on time and yellow once it is past half its TTL; on the in-process backend, that
 * there is no registry. Built as styled segments so the panel only paints.
 */
final class ServersLine {

    private ServersLine() {}

    /** The segments for {@code health} ({@code null}: not read yet), or the stale note when the server does not answer. */
    static List<StyledLine> of(Health health, String stale) {
        List<StyledLine> out = new ArrayList<>();
        out.add(StyledLine.text("servers "));
        if (stale != null) {
            out.add(StyledLine.of(StyledLine.Kind.DIM, "unknown: the server does not answer (" + stale + ")"));
            return out;
        }
        if (health == null) {
            out.add(StyledLine.of(StyledLine.Kind.DIM, "…"));
            return out;
        }
        List<ServerEntry> servers = health.servers();
        if (health.backend() == Backend.INPROCESS || servers.isEmpty()) {
            out.add(StyledLine.of(StyledLine.Kind.GOOD, "1"));
            out.add(StyledLine.of(StyledLine.Kind.DIM, " (in-process backend: no registry, only this server)"));
            return out;
        }
        long late = servers.stream().filter(ServerEntry::heartbeatLate).count();
        out.add(StyledLine.text(servers.size() + (late > 0 ? " (" + late + " late)" : "") + ": "));
        for (ServerEntry s : servers) {
            String text = (s.self() ? "*" : "") + shortId(s.id()) + " " + hostPort(s.url()) + " "
                    + seconds(s.heartbeatAgeMs()) + (s.heartbeatLate() ? " late (TTL " + seconds(s.ttlMs()) + ")" : "");
            out.add(StyledLine.of(s.heartbeatLate() ? StyledLine.Kind.ALERT : StyledLine.Kind.GOOD, text));
            out.add(StyledLine.text("  "));
        }
        return out;
    }

    private static String shortId(String id) {
        return id == null ? "?" : id.substring(0, Math.min(8, id.length()));
    }

    /** {@code http://10.0.0.2:8000} → {@code 10.0.0.2:8000}. */
    private static String hostPort(String url) {
        if (url == null) {
            return "?";
        }
        int scheme = url.indexOf("://");
        return scheme < 0 ? url : url.substring(scheme + 3);
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
