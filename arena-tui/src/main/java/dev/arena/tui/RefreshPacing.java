package dev.arena.tui;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * When the console's background fetches and its once-a-second re-timing run. The running console
 * uses {@link #FIXED_DELAY}; a test passes its own that runs the tasks when the test says so, so
 * that it never waits for the real refresh interval (see {@code ConsoleIT}).
 */
@FunctionalInterface
interface RefreshPacing {

    /** On the refresher's pool: first at once, then {@code every} after each run ends. */
    RefreshPacing FIXED_DELAY =
            (task, every, pool) -> pool.scheduleWithFixedDelay(task, 0, every.toMillis(), TimeUnit.MILLISECONDS);

    /**
     * Arranges for {@code task} to run repeatedly, about every {@code every}.
     *
     * @param pool the refresher's threads, for pacings that run tasks in the background
     */
    void repeat(Runnable task, Duration every, ScheduledExecutorService pool);
}
