package dev.arena.server;

import java.time.Instant;
import java.util.List;

/**
 * One connected reader as the hub sees it: its transport ({@code sse}, {@code ws}), who it is (the peer's
 * address), since when, the bytes sent and not yet confirmed, and its position in each run it follows.
 */
record ReaderSnapshot(String transport, String who, Instant connectedAt, int bufferedBytes, List<ReaderPosition> runs) {

    ReaderSnapshot {
        runs = List.copyOf(runs);
    }
}
