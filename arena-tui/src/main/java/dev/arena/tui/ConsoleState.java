package dev.arena.tui;

import dev.arena.api.ForkTaskView;
import dev.arena.api.Health;
import dev.arena.broker.RunId;
import dev.arena.config.ArenaConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything the dashboard draws. Refresh results are applied here on the GUI thread only;
 * the few fields background threads read ({@link #paused}, {@link #streamRun}) are volatile.
 */
final class ConsoleState {

    final ConsoleSettings settings;
    final Clock clock;
    final Feed<Health> health = new Feed<>();
    /** The Redis Cluster's topology line ("redis cluster: 3 masters, …"); null value on a standalone Redis or none. */
    final Feed<String> topology = new Feed<>();
    final Feed<MetricsSample> metrics = new Feed<>();
    final RateTracker rates = new RateTracker(61);
    final Feed<List<RunRow>> runs = new Feed<>();
    final RunsTable runsTable;
    final Feed<StreamDetail> stream = new Feed<>();
    final Feed<List<ForkTaskView>> forks = new Feed<>();
    final ForksList forksList = new ForksList();
    final Feed<List<String>> audit = new Feed<>();
    final LogTail log;

    private boolean writeMode;
    private Focus focus = Focus.RUNS;
    private Instant lastRefresh;
    private int logScroll;
    private volatile boolean paused;
    private Instant pausedAt;
    private volatile RunId streamRun;

    ConsoleState(ConsoleSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.writeMode = settings.writeMode();
        this.runsTable = new RunsTable(RunVerdict.Rules.forStuckAfter(settings.stuckAfter()));
        this.log = new LogTail(clock, 200);
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * The instant idle times and verdicts are judged at: now, or the moment refresh paused while a
     * dialog is open (nothing is read meanwhile, so nothing may age on screen either).
     */
    Instant asOf() {
        Instant p = pausedAt;
        return p != null ? p : now();
    }

    boolean redisBackend() {
        Health h = health.value();
        return h != null ? h.backend() == ArenaConfig.Backend.REDIS : "redis".equals(settings.backend());
    }

    void applyHealth(Health h) {
        health.succeed(h, now());
        touched();
    }

    void applyMetrics(MetricsSample m) {
        metrics.succeed(m, now());
        rates.add(m);
        touched();
    }

    void applyRuns(List<RunRow> rows) {
        runs.succeed(rows, now());
        runsTable.update(rows, asOf(), redisBackend(), forksList.endedChildren());
        syncStreamRun();
        touched();
    }

    void applyForks(List<ForkTaskView> rows) {
        forks.succeed(rows, now());
        forksList.update(rows);
        touched();
    }

    void applyStream(StreamDetail d) {
        if (d.run().runId().equals(streamRun)) {
            stream.succeed(d, now());
        }
        touched();
    }

    void applyTopology(String line) {
        topology.succeed(line, now());
        touched();
    }

    void applyAudit(List<String> lines) {
        audit.succeed(lines, now());
        touched();
    }

    private void touched() {
        lastRefresh = now();
    }

    /** Re-evaluates verdicts and idle times as of {@link #asOf()} (called every tick; frozen while paused). */
    void retime() {
        List<RunRow> rows = runs.value();
        if (rows != null) {
            runsTable.update(rows, asOf(), redisBackend(), forksList.endedChildren());
        }
    }

    void refilter(String filter) {
        runsTable.setFilter(filter, asOf(), redisBackend(), forksList.endedChildren());
        syncStreamRun();
    }

    void cycleSort() {
        runsTable.cycleSort(asOf(), redisBackend(), forksList.endedChildren());
        syncStreamRun();
    }

    void setSort(RunsTable.Sort sort) {
        runsTable.setSort(sort, asOf(), redisBackend(), forksList.endedChildren());
        syncStreamRun();
    }

    void moveRuns(int delta) {
        runsTable.move(delta);
        syncStreamRun();
    }

    /** Points the stream panel at {@code run} (from a fork's child, for instance). */
    void selectRun(RunId run) {
        runsTable.select(run);
        streamRun = run;
    }

    /** The run the stream panel follows: the selected open run. */
    RunId streamRun() {
        return streamRun;
    }

    private void syncStreamRun() {
        RunId sel = runsTable.selectedRun();
        if (sel != null) {
            streamRun = sel;
        }
    }

    /** The run an action ({@code t}, {@code r}, {@code b}) applies to, given the focused panel. */
    RunId targetRun() {
        if (focus == Focus.FORKS) {
            ForkTaskView f = forksList.selectedRow();
            return f == null || !RunId.isValid(f.childRunId()) ? null : RunId.parse(f.childRunId());
        }
        return focus == Focus.STREAM ? streamRun : runsTable.selectedRun();
    }

    /**
     * The running fork task {@code c} cancels: the selected task in the fork panel, else the one
     * producing the selected run; null when there is none.
     */
    ForkTaskView targetFork() {
        if (focus == Focus.FORKS) {
            return forksList.selectedRow();
        }
        ForkTaskView f = forksList.byChild(targetRun());
        return f != null && f.isRunning() ? f : null;
    }

    boolean writeMode() {
        return writeMode;
    }

    void setWriteMode(boolean on) {
        writeMode = on;
    }

    Focus focus() {
        return focus;
    }

    void setFocus(Focus f) {
        focus = f;
    }

    Instant lastRefresh() {
        return lastRefresh;
    }

    boolean paused() {
        return paused;
    }

    void setPaused(boolean p) {
        if (p && pausedAt == null) {
            pausedAt = now();
        } else if (!p) {
            pausedAt = null;
        }
        paused = p;
    }

    int logScroll() {
        return logScroll;
    }

    void scrollLog(int delta) {
        logScroll = Math.max(0, logScroll + delta);
    }

    Duration refresh() {
        return settings.refresh();
    }
}
