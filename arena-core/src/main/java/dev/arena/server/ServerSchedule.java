package dev.arena.server;

import dev.arena.broker.Reaper;
import dev.arena.fork.ForkService;
import dev.arena.lease.Lease;
import dev.arena.store.Archiver;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's periodic work, on one daemon thread: archive passes, and the reaper while this server
 * holds the reaper lease (one reaper at a time across servers). A pass that fails is logged and the
 * next one runs on time. {@link #stop} ends the schedule before it gives the lease up, so no reap
 * starts here once a peer may have taken over. Built by {@link ArenaServer#start()}.
 */
final class ServerSchedule {

    /** Logged under the server's name: these lines are the server's. */
    private static final Logger LOG = LoggerFactory.getLogger(ArenaServer.class);

    private final ScheduledExecutorService scheduler;
    private final Archiver archiver;
    private final Duration archiveInterval;
    private Lease reaperLease;

    /** Starts the archive passes: the first after {@code archiveInterval}. */
    ServerSchedule(Archiver archiver, Duration archiveInterval) {
        this.archiver = archiver;
        this.archiveInterval = archiveInterval;
        this.scheduler = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "arena-server-schedule");
            t.setDaemon(true);
            return t;
        });
        scheduleArchive(archiveInterval.toMillis());
    }

    /** How often the reaper looks for idle runs: a tenth of the grace, within 1 s and 1 min. */
    static long reapMillis(Duration reaperGrace) {
        return Math.max(1000, Math.min(60_000, reaperGrace.toMillis() / 10));
    }

    /**
     * Runs {@code reaper} every {@code everyMillis} while {@code lease} is held (this schedule gives
     * it up at {@link #stop}), releasing the fork slot of each child run it reaps.
     */
    void reap(Reaper reaper, ForkService forks, Lease lease, long everyMillis) {
        this.reaperLease = lease;
        scheduler.scheduleWithFixedDelay(
                guarded("reaper", () -> {
                    if (lease.hold()) {
                        reaper.reapIdle()
                                .forEach(run -> forks.releaseChild(
                                        run, "its child run was reaped: no progress within the reaper grace"));
                    }
                }),
                everyMillis,
                everyMillis,
                TimeUnit.MILLISECONDS);
    }

    /** Stops the schedule, then releases the reaper lease (a peer reaps from its next tick): two bounded steps. */
    void stop(ShutdownSequence seq, Duration bound) {
        scheduler.shutdown();
        seq.step("stop schedules", bound, () -> scheduler.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS));
        if (reaperLease != null) {
            // after the schedules stopped, so no reap starts here once a peer may have taken over
            seq.step("release the reaper lease", bound, reaperLease::close);
        }
    }

    /**
     * Runs an archive pass after {@code delayMillis}, then the next one after the archive interval — or at once when
     * the pass ended behind (a run publishing faster than one pass follows), so the broker does not trim what the
     * archive has not written yet. The reaper, on the same scheduler, still gets its turn in between.
     */
    private void scheduleArchive(long delayMillis) {
        try {
            scheduler.schedule(
                    () -> {
                        guarded("archiver", archiver::archive).run();
                        scheduleArchive(archiver.isBehind() ? 0 : archiveInterval.toMillis());
                    },
                    delayMillis,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // the scheduler was shut down: the server is closing and archives one last time itself
        }
    }

    private static Runnable guarded(String name, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("{} pass failed: {}", name, e.toString());
            }
        };
    }
}
