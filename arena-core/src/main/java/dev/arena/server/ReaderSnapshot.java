package dev.arena.server;

import dev.arena.auth.ReaderGrant;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.List;

/**
 * One connected reader as the hub sees it: its transport ({@code sse}, {@code ws}), who it is (its token's subject
 * and address, or the address when reads are open), since when, the bytes sent and not yet confirmed, and its position in each run it follows.
 */
record ReaderSnapshot(String transport, String who, Instant connectedAt, int bufferedBytes, List<ReaderPosition> runs) {

    ReaderSnapshot {
        runs = List.copyOf(runs);
    }

    /** How a reader is named: its token's subject and address when reads are authorized, else its address. */
    static String who(ReaderGrant grant, SocketAddress peer) {
        String address = String.valueOf(peer);
        return grant.expiresAt().isEmpty() ? address : grant.subject() + " " + address;
    }
}
