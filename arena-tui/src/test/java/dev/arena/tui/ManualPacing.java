package dev.arena.tui;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The console's refresh on the test's command: {@link #refresh()} runs every fetch (and the
 * re-timing) once, on the calling thread, so a test never waits for the real refresh interval.
 * The results still reach the screen through the GUI thread, so assert on it with Awaitility.
 */
final class ManualPacing implements RefreshPacing {

    private final List<Runnable> tasks = new CopyOnWriteArrayList<>();

    @Override
    public void repeat(Runnable task, Duration every, ScheduledExecutorService pool) {
        tasks.add(task);
    }

    /** Fetches every panel once, now; a panel is skipped while a confirmation dialog pauses the console. */
    void refresh() {
        if (tasks.isEmpty()) {
            throw new IllegalStateException("the console has not started refreshing");
        }
        tasks.forEach(Runnable::run);
    }
}
