package dev.arena.store;

import dev.arena.broker.BrokerOverflowException;
import dev.arena.broker.Envelope;
import dev.arena.broker.EventBroker;
import dev.arena.broker.Reaper;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.broker.UnknownRunException;
import dev.arena.time.Ticker;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves every run that ended — on either backend, including runs another process produced on
 * Redis — from the broker into the {@link RunStore}, once (the store itself keeps a second write harmless). {@link #archiveEnded()} is meant to be
 * called on a schedule (about every second) and at shutdown; {@link #reaperHook()} lets the
 * {@link Reaper} persist a run before it drops it. Thread-safe.
 *
 * <p>Several servers (docs/design.md, "Several servers"): every server's archiver sees every run
 * end, so a pass first skips runs the store already holds finished and complete (also after a
 * restart, when this archiver's memory is empty). That check is only an economy: two servers may
 * both pass it for one run, and then both write it. Correctness rests on the store, whose
 * {@link RunStore#persist} is idempotent per run (DuckDB replaces the run's rows in one
 * transaction; a shared store must likewise keep one row per run and per {@code (run_id, seq)}),
 * so a race leaves one copy, never two.
 */
public final class Archiver {

    private static final Logger LOG = LoggerFactory.getLogger(Archiver.class);

    private final EventBroker broker;
    private final RunStore store;
    private final Ticker ticker;
    private final Set<RunId> archived = ConcurrentHashMap.newKeySet();

    /** {@code ticker} times each persist for the log line. */
    public Archiver(EventBroker broker, RunStore store, Ticker ticker) {
        this.broker = broker;
        this.store = store;
        this.ticker = ticker;
    }

    /**
     * Persists every ended run the broker holds that this archiver has not written yet.
     *
     * @return how many runs were written in this pass
     */
    public synchronized int archiveEnded() {
        List<RunInfo> runs = broker.runs();
        Set<RunId> present = new HashSet<>();
        int written = 0;
        for (RunInfo run : runs) {
            present.add(run.runId());
            if (run.isOpen() || archived.contains(run.runId())) {
                continue;
            }
            if (store.run(run.runId())
                    .filter(s -> s.isFinished() && s.lastSeq() >= run.lastSeq())
                    .isPresent()) {
                archived.add(run.runId());
                continue;
            }
            try {
                persist(run, retained(run));
                archived.add(run.runId());
                written++;
            } catch (UnknownRunException e) {
                LOG.debug("run {} vanished before it could be archived", run.runId());
            } catch (RuntimeException e) {
                LOG.error("archiving run {} failed (will retry): {}", run.runId(), e.getMessage());
            }
        }
        archived.retainAll(present);
        return written;
    }

    /** True once this archiver has written the run (or found it already stored). */
    public boolean isArchived(RunId run) {
        return archived.contains(run);
    }

    /** A reaper hook that writes the reaped run with what is retained before it is dropped. */
    public Reaper.PersistHook reaperHook() {
        return (run, retained) -> {
            persist(run, retained);
            archived.add(run.runId());
        };
    }

    private void persist(RunInfo run, List<Envelope> events) {
        long started = ticker.nanos();
        store.persist(StoredRun.of(run, events), events);
        LOG.info(
                "persisted run {} ({} events, status {}) in {} ms",
                run.runId(),
                events.size(),
                run.status().wireName(),
                ticker.since(started).toMillis());
    }

    private List<Envelope> retained(RunInfo run) {
        if (run.length() == 0) {
            return List.of();
        }
        long from = Math.max(1, run.headSeq());
        for (int attempt = 1; ; attempt++) {
            try {
                return broker.read(run.runId(), from, Integer.MAX_VALUE);
            } catch (BrokerOverflowException e) {
                if (attempt >= 3 || e.availableFrom() <= from) {
                    throw e;
                }
                from = e.availableFrom();
            }
        }
    }
}
