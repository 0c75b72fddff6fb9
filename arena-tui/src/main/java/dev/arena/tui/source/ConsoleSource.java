package dev.arena.tui.source;

import dev.arena.broker.RunId;
import dev.arena.tui.guarded.PendingAction;
import dev.arena.wire.ForkTaskView;
import dev.arena.wire.Health;
import dev.arena.wire.ReaderList;
import java.util.List;

/**
 * Everything the console reads and does, one method per panel or action. The console calls these
 * only from its background threads, never from the GUI thread, so an implementation may block on
 * the network (it should still bound every call with a timeout). An exception marks the panel
 * stale with the exception's message and the next refresh simply tries again; expected failures
 * are the {@code ArenaException} families (a source unreachable) and {@code IOException}s, anything
 * else is reported as a bug.
 *
 * <p>The production implementation delegates to the diagnostics services of {@code dev.arena.diag}
 * so the CLI and the console share one implementation of triage and of the guarded actions (see
 * docs/design.md, "Guarded actions").
 */
public interface ConsoleSource extends AutoCloseable {

    /** The server's {@code /health}. */
    Health health() throws Exception;

    /**
     * The topology line of the Redis Cluster the console reads, for the header: e.g. "redis
     * cluster: 3 masters, 3 replicas, cluster_state ok"; null on a standalone Redis (the URL says
     * it all) or when the console reads no Redis.
     */
    default String redisTopology() throws Exception {
        return null;
    }

    /** One reading of the counters. */
    MetricsSample metrics() throws Exception;

    /**
     * Open runs, at most {@code limit}, with fresh statistics for at most {@code detailBudget} of
     * them so one refresh never scans without bound: the {@code priority} runs (those on screen)
     * first, then the others in turn over successive refreshes.
     */
    List<RunRow> openRuns(int limit, List<RunId> priority, int detailBudget) throws Exception;

    /** The selected run's statistics and its newest {@code lastEvents} events. */
    StreamDetail stream(RunId run, int lastEvents) throws Exception;

    /** Every fork task. */
    List<ForkTaskView> forks() throws Exception;

    /** The newest {@code max} lines of the audit log, oldest first, secrets masked. */
    List<String> auditTail(int max) throws Exception;

    /** Who reads from the server and how far behind ({@code GET /debug/readers}, {@code arena diag readers}). */
    ReaderList readers() throws Exception;

    /** The stuck-run triage of {@code arena diag triage} (runbooks/stuck-fork.md) for one run. */
    TriageView triage(RunId run) throws Exception;

    /**
     * Prepares a manual reap of {@code run} (docs/design.md, "Guarded actions"): reads its preview without changing anything.
     */
    PendingAction prepareReap(RunId run) throws Exception;

    /**
     * Prepares the cancel of fork task {@code forkName} (docs/design.md, "Guarded actions"; {@code arena diag cancel}):
     * reads its preview (stage, idle, top frames) without changing anything.
     */
    PendingAction prepareCancel(String forkName) throws Exception;

    /**
     * Prepares a Redis password rotation, step 1 of 2 (add the new password beside the old one);
     * its {@link PendingAction#next()} is step 2 (remove the old password).
     *
     * @throws UnsupportedOperationException when rotation is not possible here (no Redis)
     */
    PendingAction prepareRotation() throws Exception;

    /**
     * What the reads had to do without although they answered, one line each (e.g. open runs listed
     * from Redis alone while the server is down); empty when nothing is missing. The console logs a
     * line when it appears and when it clears. Cheap: no I/O.
     */
    default List<String> degradations() {
        return List.of();
    }

    /** Releases connections; called once when the console quits. */
    @Override
    void close();
}
