package dev.arena.tui.source;

import dev.arena.broker.RunId;
import dev.arena.tui.guarded.PendingAction;
import dev.arena.wire.ForkTaskView;
import dev.arena.wire.Health;
import dev.arena.wire.ReaderList;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A console source that serves fixed data: for rendering benchmarks, screen captures and layout
 * tests, where what matters is how the console draws, not where the data comes from. It can be
 * switched to failing (every read throws "connection refused") to show stale panels. Guarded
 * actions are not available from a snapshot, and triage only once {@link #setTriage} gave its answer. Thread-safe.
 */
public final class SnapshotSource implements ConsoleSource {

    private volatile Health health;
    private volatile MetricsSample metrics;
    private volatile List<RunRow> runs;
    private volatile Map<RunId, StreamDetail> streams;
    private volatile List<ForkTaskView> forks;
    private volatile List<String> audit;
    private volatile Exception failure;
    private volatile TriageView triage;

    public SnapshotSource(
            Health health,
            MetricsSample metrics,
            List<RunRow> runs,
            Map<RunId, StreamDetail> streams,
            List<ForkTaskView> forks,
            List<String> audit) {
        this.health = health;
        this.metrics = metrics;
        this.runs = List.copyOf(runs);
        this.streams = Map.copyOf(streams);
        this.forks = List.copyOf(forks);
        this.audit = List.copyOf(audit);
    }

    /** Makes every read fail with "connection refused" (true) or succeed again (false). */
    public void setFailing(boolean fail) {
        failWith(fail ? new IOException("connection refused") : null);
    }

    /** Makes every read throw {@code failure} (an {@link IOException} or a {@link RuntimeException}); null: succeed again. */
    public void failWith(Exception failure) {
        if (failure != null && !(failure instanceof IOException) && !(failure instanceof RuntimeException)) {
            throw new IllegalArgumentException(
                    "a snapshot read throws an IOException or a RuntimeException, not " + failure);
        }
        this.failure = failure;
    }

    public void setMetrics(MetricsSample m) {
        metrics = m;
    }

    /** What {@link #triage} answers for every run from now on (without it, triage is refused). */
    public void setTriage(TriageView view) {
        triage = view;
    }

    public void setRuns(List<RunRow> rows) {
        runs = List.copyOf(rows);
    }

    public void setForks(List<ForkTaskView> tasks) {
        forks = List.copyOf(tasks);
    }

    private void check() throws IOException {
        Exception f = failure;
        if (f instanceof IOException io) {
            throw io;
        }
        if (f instanceof RuntimeException r) {
            throw r;
        }
    }

    @Override
    public Health health() throws IOException {
        check();
        return health;
    }

    @Override
    public MetricsSample metrics() throws IOException {
        check();
        return metrics;
    }

    @Override
    public List<RunRow> openRuns(int limit, List<RunId> priority, int detailBudget) throws IOException {
        check();
        List<RunRow> r = runs;
        return r.size() <= limit ? r : r.subList(0, limit);
    }

    @Override
    public StreamDetail stream(RunId run, int lastEvents) throws IOException {
        check();
        StreamDetail d = streams.get(run);
        if (d == null) {
            throw new IOException("no stream for " + run + " in this snapshot");
        }
        return d;
    }

    @Override
    public List<ForkTaskView> forks() throws IOException {
        check();
        return forks;
    }

    @Override
    public List<String> auditTail(int max) throws IOException {
        check();
        List<String> a = audit;
        return a.subList(Math.max(0, a.size() - max), a.size());
    }

    @Override
    public ReaderList readers() {
        throw new UnsupportedOperationException("a snapshot has no readers: connect the console to a server");
    }

    @Override
    public TriageView triage(RunId run) {
        if (triage != null) {
            return triage;
        }
        throw new UnsupportedOperationException("a snapshot cannot be triaged: connect the console to a server");
    }

    @Override
    public PendingAction prepareReap(RunId run) {
        throw new UnsupportedOperationException("a snapshot cannot be reaped: connect the console to a server");
    }

    @Override
    public PendingAction prepareCancel(String forkName) {
        throw new UnsupportedOperationException(
                "a snapshot cannot cancel a fork task: connect the console to a server");
    }

    @Override
    public PendingAction prepareRotation() {
        throw new UnsupportedOperationException("a snapshot has no Redis to rotate");
    }

    @Override
    public void close() {}
}
