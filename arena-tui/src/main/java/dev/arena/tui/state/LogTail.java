package dev.arena.tui.state;

import dev.arena.tui.text.Cells;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The console's own messages (actions, their verification, sources failing and recovering),
 * newest last, bounded. Thread-safe: background threads add, the GUI thread reads.
 */
public final class LogTail {

    private final Clock clock;
    private final int capacity;
    private final Deque<String> lines = new ArrayDeque<>();

    LogTail(Clock clock, int capacity) {
        this.clock = clock;
        this.capacity = capacity;
    }

    public synchronized void add(String message) {
        lines.addLast(Cells.clock(clock.instant(), clock.getZone()) + " " + message.replaceAll("\\s+", " "));
        while (lines.size() > capacity) {
            lines.removeFirst();
        }
    }

    public synchronized List<String> lines() {
        return new ArrayList<>(lines);
    }
}
