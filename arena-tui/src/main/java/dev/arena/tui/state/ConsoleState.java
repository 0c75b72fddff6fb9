package dev.arena.tui.state;

import dev.arena.broker.RunId;
import dev.arena.tui.source.MetricsSample;
import dev.arena.tui.source.RunRow;
import dev.arena.tui.source.StreamDetail;
import dev.arena.wire.Backend;
import dev.arena.wire.ForkTaskView;
import dev.arena.wire.Health;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything the dashboard draws. Refresh results are applied here on the GUI thread only;
 * the few fields background threads read ({@link #paused}, {@link #streamRun}) are volatile.
 */
public final class ConsoleState {

    private final ConsoleSettings settings;
    private final Clock clock;
    private final Feed<Health> health = new Feed<>();
    /** The Redis Cluster's topology line ("redis cluster: 3 masters, …"); null value on a standalone Redis or none. */
    private final Feed<String> topology = new Feed<>();

    private final Feed<MetricsSample> metrics = new Feed<>();
    private final RateTracker rates = new RateTracker(61);
    private final Feed<List<RunRow>> runs = new Feed<>();
    private final RunsTable runsTable;
    private final Feed<StreamDetail> stream = new Feed<>();
    private final Feed<List<ForkTaskView>> forks = new Feed<>();
    private final ForksList forksList = new ForksList();
    private final Feed<List<String>> audit = new Feed<>();
    private final LogTail log;

    private boolean writeMode;
    private Focus focus = Focus.RUNS;
    private Instant lastRefresh;
    private int logScroll;
    private volatile boolean paused;
    private Instant pausedAt;
    private volatile RunId streamRun;

    public ConsoleState(ConsoleSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.writeMode = settings.writeMode();
        this.runsTable = new RunsTable(RunVerdict.Rules.forStuckAfter(settings.stuckAfter()));
        this.log = new LogTail(clock, 200);
    }

    public ConsoleSettings settings() {
        return settings;
    }

    /** The wall clock the console shows times and judges ages by. */
    public Clock clock() {
        return clock;
    }

    public Feed<Health> health() {
        return health;
    }

    /** The Redis Cluster's topology line; its value is null on a standalone Redis or none. */
    public Feed<String> topology() {
        return topology;
    }

    public Feed<MetricsSample> metrics() {
        return metrics;
    }

    public RateTracker rates() {
        return rates;
    }

    public Feed<List<RunRow>> runs() {
        return runs;
    }

    public RunsTable runsTable() {
        return runsTable;
    }

    public Feed<StreamDetail> stream() {
        return stream;
    }

    public Feed<List<ForkTaskView>> forks() {
        return forks;
    }

    public ForksList forksList() {
        return forksList;
    }

    public Feed<List<String>> audit() {
        return audit;
    }

    /** The console's own messages; any thread may add. */
    public LogTail log() {
        return log;
    }

    public Instant now() {
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

    public boolean redisBackend() {
        Health h = health.value();
        return h != null ? h.backend() == Backend.REDIS : "redis".equals(settings.backend());
    }

    public void applyHealth(Health h) {
        health.succeed(h, now());
        touched();
    }

    public void applyMetrics(MetricsSample m) {
        metrics.succeed(m, now());
        rates.add(m);
        touched();
    }

    public void applyRuns(List<RunRow> rows) {
        runs.succeed(rows, now());
        runsTable.update(rows, asOf(), redisBackend(), forksList.endedChildren());
        syncStreamRun();
        touched();
    }

    public void applyForks(List<ForkTaskView> rows) {
        forks.succeed(rows, now());
        forksList.update(rows);
        touched();
    }

    public void applyStream(StreamDetail d) {
        if (d.run().runId().equals(streamRun)) {
            stream.succeed(d, now());
        }
        touched();
    }

    public void applyTopology(String line) {
        topology.succeed(line, now());
        touched();
    }

    public void applyAudit(List<String> lines) {
        audit.succeed(lines, now());
        touched();
    }

    private void touched() {
        lastRefresh = now();
    }

    /** Re-evaluates verdicts and idle times as of {@link #asOf()} (called every tick; frozen while paused). */
    public void retime() {
        List<RunRow> rows = runs.value();
        if (rows != null) {
            runsTable.update(rows, asOf(), redisBackend(), forksList.endedChildren());
        }
    }

    public void refilter(String filter) {
        runsTable.setFilter(filter, asOf(), redisBackend(), forksList.endedChildren());
        syncStreamRun();
    }

    public void cycleSort() {
        runsTable.cycleSort(asOf(), redisBackend(), forksList.endedChildren());
        syncStreamRun();
    }

    public void setSort(RunsTable.Sort sort) {
        runsTable.setSort(sort, asOf(), redisBackend(), forksList.endedChildren());
        syncStreamRun();
    }

    public void moveRuns(int delta) {
        runsTable.move(delta);
        syncStreamRun();
    }

    /** Points the stream panel at {@code run} (from a fork's child, for instance). */
    public void selectRun(RunId run) {
        runsTable.select(run);
        streamRun = run;
    }

    /** The run the stream panel follows: the selected open run. */
    public RunId streamRun() {
        return streamRun;
    }

    private void syncStreamRun() {
        RunId sel = runsTable.selectedRun();
        if (sel != null) {
            streamRun = sel;
        }
    }

    /** The run an action ({@code t}, {@code r}, {@code b}) applies to, given the focused panel. */
    public RunId targetRun() {
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
    public ForkTaskView targetFork() {
        if (focus == Focus.FORKS) {
            return forksList.selectedRow();
        }
        ForkTaskView f = forksList.byChild(targetRun());
        return f != null && f.isRunning() ? f : null;
    }

    public boolean writeMode() {
        return writeMode;
    }

    public void setWriteMode(boolean on) {
        writeMode = on;
    }

    public Focus focus() {
        return focus;
    }

    public void setFocus(Focus f) {
        focus = f;
    }

    public Instant lastRefresh() {
        return lastRefresh;
    }

    public boolean paused() {
        return paused;
    }

    public void setPaused(boolean p) {
        if (p && pausedAt == null) {
            pausedAt = now();
        } else if (!p) {
            pausedAt = null;
        }
        paused = p;
    }

    public int logScroll() {
        return logScroll;
    }

    public void scrollLog(int delta) {
        logScroll = Math.max(0, logScroll + delta);
    }

    public Duration refresh() {
        return settings.refresh();
    }
}
