package dev.arena.tui;

import dev.arena.broker.RunId;
import dev.arena.error.ArenaException;
import dev.arena.tui.source.ConsoleSource;
import dev.arena.tui.state.ConsoleState;
import dev.arena.tui.state.Feed;
import dev.arena.tui.text.FailureText;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches every panel's data on background threads, one independent schedule per source, so a
 * slow or dead server delays only the panel that waits on it and never the GUI thread. Results and
 * failures reach {@link ConsoleState} through {@code invokeLater}. While the state is paused (a
 * confirm dialog is open) nothing is fetched; a tick every second keeps ages on screen current.
 */
final class Refresher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Refresher.class);
    private static final int STREAM_EVENTS = 20;
    private static final int AUDIT_LINES = 50;
    private static final Duration RETIME = Duration.ofSeconds(1);

    private final ConsoleSource source;
    private final ConsoleState state;
    private final Consumer<Runnable> ui;
    private final Runnable redraw;
    private final Supplier<List<RunId>> visibleRuns;
    private final RefreshPacing pacing;
    private final ScheduledExecutorService pool;
    private final ExecutorService actions;
    /** The source's degradations last logged; GUI thread only. */
    private List<String> degraded = List.of();

    /**
     * @param ui          runs a task on the GUI thread ({@code gui.getGUIThread()::invokeLater})
     * @param redraw      asks for a redraw; called on the GUI thread after each applied result
     * @param visibleRuns the runs currently on screen, read from background threads
     * @param pacing      when the fetches run ({@link RefreshPacing#FIXED_DELAY} but in tests)
     */
    Refresher(
            ConsoleSource source,
            ConsoleState state,
            Consumer<Runnable> ui,
            Runnable redraw,
            Supplier<List<RunId>> visibleRuns,
            RefreshPacing pacing) {
        this.source = source;
        this.state = state;
        this.ui = ui;
        this.redraw = redraw;
        this.visibleRuns = visibleRuns;
        this.pacing = pacing;
        this.pool = Executors.newScheduledThreadPool(8, daemonThreads("arena-console-io-"));
        this.actions = Executors.newCachedThreadPool(daemonThreads("arena-console-action-"));
    }

    void start() {
        Duration every = state.refresh();
        schedule("health", every, source::health, state.health(), state::applyHealth);
        schedule("topology", every, source::redisTopology, state.topology(), state::applyTopology);
        schedule("metrics", every, source::metrics, state.metrics(), state::applyMetrics);
        schedule("forks", every, source::forks, state.forks(), state::applyForks);
        schedule(
                "runs",
                every,
                () -> source.openRuns(
                        state.settings().runLimit(),
                        visibleRuns.get(),
                        state.settings().detailBudget()),
                state.runs(),
                state::applyRuns);
        schedule("audit", every, () -> source.auditTail(AUDIT_LINES), state.audit(), state::applyAudit);
        pacing.repeat(this::refreshStream, every, pool);
        pacing.repeat(() -> post(state::retime), RETIME, pool);
    }

    /** Fetches the stream detail now (after the selection moved), off the GUI thread. */
    void refreshStreamSoon() {
        pool.execute(this::refreshStream);
    }

    /** Runs {@code work} (a triage, a guarded action) on a background thread of its own. */
    void background(Runnable work) {
        actions.execute(work);
    }

    private void refreshStream() {
        RunId run = state.streamRun();
        if (run == null || state.paused()) {
            return;
        }
        fetch("stream", () -> source.stream(run, STREAM_EVENTS), state.stream(), state::applyStream);
    }

    private <T> void schedule(String name, Duration every, Callable<T> call, Feed<T> feed, Consumer<T> apply) {
        pacing.repeat(
                () -> {
                    if (!state.paused()) {
                        fetch(name, call, feed, apply);
                    }
                },
                every,
                pool);
    }

    private <T> void fetch(String name, Callable<T> call, Feed<T> feed, Consumer<T> apply) {
        try {
            T value = call.call();
            List<String> degradations = source.degradations();
            post(() -> {
                boolean wasStale = feed.stale();
                apply.accept(value);
                if (wasStale) {
                    state.log().add(name + " recovered");
                }
                noteDegradations(degradations);
            });
        } catch (Exception | LinkageError e) {
            boolean expected = expected(e);
            if (expected) {
                LOG.debug("{} refresh failed", name, e);
            } else {
                LOG.warn(
                        "{} refresh failed with an unexpected {}: a bug in the console or its source",
                        name,
                        e.getClass().getSimpleName(),
                        e);
            }
            String why =
                    (expected ? "" : "unexpected " + e.getClass().getSimpleName() + ": ") + FailureText.describe(e);
            post(() -> {
                if (!feed.stale()) {
                    state.log().add(name + " failing: " + why);
                }
                feed.fail(e, state.now());
            });
        }
    }

    /**
     * Failures a source is expected to have: an unreachable or refusing backend (the
     * {@link ArenaException} families), I/O, an action this source cannot do. Anything else is a bug,
     * shown as such and logged with its stack trace.
     */
    private static boolean expected(Throwable e) {
        return e instanceof ArenaException || e instanceof IOException || e instanceof UnsupportedOperationException;
    }

    /** Logs each degradation once when it appears and once when it clears (GUI thread). */
    private void noteDegradations(List<String> now) {
        for (String d : now) {
            if (!degraded.contains(d)) {
                state.log().add(d);
            }
        }
        for (String d : degraded) {
            if (!now.contains(d)) {
                state.log().add("resolved: " + d);
            }
        }
        degraded = List.copyOf(now);
    }

    private void post(Runnable r) {
        try {
            ui.accept(() -> {
                r.run();
                redraw.run();
            });
        } catch (RuntimeException e) {
            LOG.debug("GUI gone, dropping an update", e);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        actions.shutdownNow();
        try {
            if (!pool.awaitTermination(2, TimeUnit.SECONDS) || !actions.awaitTermination(1, TimeUnit.SECONDS)) {
                LOG.warn("console refresh threads still busy after 2s; leaving them (daemon threads)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
