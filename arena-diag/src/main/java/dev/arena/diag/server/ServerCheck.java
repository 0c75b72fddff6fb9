package dev.arena.diag.server;

import dev.arena.diag.Status;
import dev.arena.wire.ServerEntry;
import java.util.Locale;

/**
 * One registered server with its health as a tool sees it: its registry entry, what its own
 * {@code /health} answered within the probe timeout, and the verdict.
 *
 * @param entry  as the registry lists it (heartbeat age and TTL by the Redis clock)
 * @param health {@code ok}, {@code degraded} or {@code unreachable} (no answer within the probe timeout)
 * @param status OK when its {@code /health} is ok and its heartbeat is on time; WARNING when it is
 *               degraded or its heartbeat is late; CRITICAL when it does not answer although listed
 * @param note   why it is not OK (null when it is)
 */
public record ServerCheck(ServerEntry entry, String health, Status status, String note) {

    /** e.g. {@code 0.4s} or {@code 10s}: heartbeat ages and TTLs are seconds with sub-second detail. */
    public static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + "s" : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
