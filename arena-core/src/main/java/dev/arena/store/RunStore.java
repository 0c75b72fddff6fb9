package dev.arena.store;

import dev.arena.broker.Envelope;
import dev.arena.broker.RunId;
import dev.arena.config.StoreLocation;
import dev.arena.wire.RunStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Every run's events, from seq 1, kept after the broker trims or drops them (live runs are archived as they
 * go, docs/design.md, "Tiered history"): tables {@code runs} (keyed by {@code run_id}) and
 * {@code events} (keyed by {@code run_id, seq}) in a DuckDB file or a PostgreSQL database
 * ({@link StoreLocation}); read back for {@code GET /runs}, {@code GET /runs/{id}} and the SSE cold path.
 * Open one with {@link #open(StoreLocation)}.
 *
 * <p>Writing is idempotent and never goes backwards, so any number of servers may archive the same
 * run any number of times: an event already stored is kept as it is (never duplicated); the run's row
 * is {@link StoredRun#mergedWith merged} with what is stored; its {@code event_count} is the number of
 * its events stored. Every implementation passes the same contract suite ({@code RunStoreContract}).
 * Implementations are thread-safe; the server owns its store and closes it at shutdown.
 */
public interface RunStore extends AutoCloseable {

    /**
     * Opens (creating or migrating its schema if needed) the store at {@code location}.
     *
     * @throws StoreException naming the (masked) location and the cause, e.g. a DuckDB file another
     *                        process holds, or a PostgreSQL server that refuses the connection
     */
    static RunStore open(StoreLocation location) {
        return switch (location.kind()) {
            case DUCKDB -> DuckDbRunStore.open(location.file());
            case POSTGRESQL -> PostgresRunStore.open(location);
        };
    }

    /** Opens (creating if needed) the DuckDB file at {@code file}. */
    static RunStore open(Path file) {
        return open(StoreLocation.duckDb(file));
    }

    /** Where this store lives ({@link StoreLocation#toString()} is masked). */
    StoreLocation location();

    /**
     * Stores {@code run} with {@code events} (in seq order), atomically: events not yet stored are added,
     * the run's row is merged with any stored one ({@link StoredRun#mergedWith}) and its event count
     * recounted. Safe to call again, from any server, concurrently.
     *
     * @throws StoreException when the write fails; nothing of it is kept then
     */
    void persist(StoredRun run, List<Envelope> events);

    /** The stored run, or empty. */
    Optional<StoredRun> run(RunId run);

    /** True when the run is stored. */
    default boolean contains(RunId run) {
        return run(run).isPresent();
    }

    /** Up to {@code limit} stored runs, newest first by start time. */
    default List<StoredRun> runs(int limit) {
        return runs(limit, null, null);
    }

    /** Up to {@code limit} stored runs with {@code status} (any when null), newest first by start time. */
    default List<StoredRun> runs(int limit, RunStatus status) {
        return runs(limit, status, null);
    }

    /**
     * Up to {@code limit} stored runs with {@code status} (any when null) that come strictly after {@code before}
     * (from the newest when null) in {@link RunCursor#NEWEST_FIRST} order: keyset paging, stable however many
     * runs are written meanwhile.
     */
    List<StoredRun> runs(int limit, RunStatus status, RunCursor before);

    /** The lowest stored seq of a run, or 0 when none of its events is stored. */
    long firstSeq(RunId run);

    /**
     * The highest stored seq of a run, or 0 when none of its events is stored: how far the archive
     * holds it ({@code archived_through}; the archiver writes a run's events in seq order, so
     * everything below it is stored too, apart from what was trimmed before it could be archived).
     */
    long lastStoredSeq(RunId run);

    /** Up to {@code max} stored events of {@code run} from {@code fromSeq} (inclusive), in seq order. */
    List<Envelope> events(RunId run, long fromSeq, int max);

    /** A cheap query proving the store answers; false (and a logged warning) when it does not, or it is closed. */
    boolean healthy();

    /** Releases the file or the connection pool; idempotent. Calls after it throw {@link StoreException}. */
    @Override
    void close();
}
