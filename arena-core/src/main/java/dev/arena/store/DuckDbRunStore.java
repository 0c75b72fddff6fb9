package dev.arena.store;

import dev.arena.broker.Envelope;
import dev.arena.broker.RunId;
import dev.arena.config.StoreLocation;
import dev.arena.files.PrivateFiles;
import dev.arena.wire.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DuckDB {@link RunStore}: one embedded file, owned by one server (DuckDB locks it). Tables
 * {@code runs(run_id PK, parent_run_id, status, started_at, finished_at, last_seq, event_count)} and
 * {@code events(run_id, seq, kind, ts, envelope, PK(run_id, seq))}, created at open when missing (Flyway
 * does not support DuckDB: docs/decisions.md). One connection, opened once (the first connect costs
 * ~0.5 s); methods are serialised. Timestamps are UTC {@code TIMESTAMP}. The file and its write-ahead
 * log are kept owner-only (0600; a directory Arena creates is 0700): DuckDB creates them with the process
 * umask, so they are tightened right after open and after each write ({@link PrivateFiles}).
 */
final class DuckDbRunStore implements RunStore {

    private static final Logger LOG = LoggerFactory.getLogger(DuckDbRunStore.class);
    private static final SqlTime TIME = SqlTime.LOCAL_UTC;

    private final Path path;
    private final StoreLocation location;
    private final Connection connection;
    private boolean closed;

    private DuckDbRunStore(Path path, Connection connection) {
        this.path = path;
        this.location = StoreLocation.duckDb(path);
        this.connection = connection;
    }

    /**
     * Opens (creating if needed) the DuckDB file at {@code path} and its tables.
     *
     * @throws StoreException naming the file, e.g. when another process holds its lock
     */
    static DuckDbRunStore open(Path path) {
        try {
            PrivateFiles.createParentDirectories(path);
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null && PrivateFiles.isOpenToOthers(parent)) {
                LOG.warn(
                        "the directory {} of the DuckDB file is open to other users; DuckDB creates its write-ahead log"
                                + " there with the process umask (chmod 700 {}, or point ARENA_DB into a private directory)",
                        parent,
                        parent);
            }
            boolean existed = Files.exists(path);
            Connection c = DriverManager.getConnection("jdbc:duckdb:" + path.toAbsolutePath());
            // DuckDB creates the file itself (an empty pre-created file is refused): tighten it before any table or row
            // is written.
            if (existed) {
                PrivateFiles.tightenExisting(path);
            } else {
                PrivateFiles.tighten(path);
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS runs (run_id VARCHAR PRIMARY KEY, parent_run_id VARCHAR,"
                        + " status VARCHAR NOT NULL, started_at TIMESTAMP, finished_at TIMESTAMP,"
                        + " last_seq BIGINT NOT NULL, event_count BIGINT NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS events (run_id VARCHAR NOT NULL, seq BIGINT NOT NULL,"
                        + " kind VARCHAR NOT NULL, ts TIMESTAMP NOT NULL, envelope VARCHAR NOT NULL,"
                        + " PRIMARY KEY (run_id, seq))");
            }
            PrivateFiles.tighten(walOf(path)); // the CREATE TABLEs above may have started a new WAL
            LOG.info("DuckDB store open at {}", path);
            return new DuckDbRunStore(path, c);
        } catch (SQLException | IOException e) {
            throw new StoreException(
                    "cannot open DuckDB file " + path + ": " + e.getMessage()
                            + " (is another arena server using it? set ARENA_DB to another file)",
                    e);
        }
    }

    /** DuckDB's write-ahead log beside {@code db}, created and deleted by DuckDB itself. */
    static Path walOf(Path db) {
        return db.resolveSibling(db.getFileName() + ".wal");
    }

    @Override
    public StoreLocation location() {
        return location;
    }

    @Override
    public synchronized void persist(StoredRun run, List<Envelope> events) {
        requireOpen();
        try {
            try {
                persistOnce(run, events, false);
            } catch (SQLException e) {
                // a batch taken to be new met a stored seq after all (the primary key refused it): write it again,
                // this time asking which of its seqs are stored
                LOG.debug("run {}: writing again with a look-up of stored seqs: {}", run.runId(), e.getMessage());
                persistOnce(run, events, true);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot persist run " + run.runId() + " to " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * One transaction writing {@code events} and the run's row. Only seqs up to the stored row's {@code last_seq} can
     * be stored already, so a batch wholly above it (the archiver appending a live run's next batch) is appended
     * without asking which are, unless {@code lookUp}.
     */
    private void persistOnce(StoredRun run, List<Envelope> events, boolean lookUp) throws SQLException {
        connection.setAutoCommit(false);
        try {
            Optional<StoredRun> stored = readRun(run.runId());
            long storedThrough =
                    lookUp ? Long.MAX_VALUE : stored.map(StoredRun::lastSeq).orElse(Long.MAX_VALUE);
            int appended = appendEvents(run.runId(), events, storedThrough);
            StoredRun kept = stored.map(s -> s.mergedWith(run)).orElse(run);
            kept = kept.withEventCount(
                    kept.isFinished() || stored.isEmpty()
                            ? countEvents(run.runId())
                            : stored.get().eventCount() + appended);
            if (stored.isPresent()) {
                updateRun(kept);
            } else {
                insertRun(kept);
            }
            connection.commit();
            PrivateFiles.tighten(walOf(path));
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private void insertRun(StoredRun run) throws SQLException {
        try (PreparedStatement ins = connection.prepareStatement(
                "INSERT INTO runs (" + RunsQuery.RUN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ins.setString(1, run.runId().value());
            ins.setString(
                    2, run.parentRunId() == null ? null : run.parentRunId().value());
            ins.setString(3, run.status().wireName());
            ins.setObject(4, TIME.toDb(run.startedAt()));
            ins.setObject(5, TIME.toDb(run.finishedAt()));
            ins.setLong(6, run.lastSeq());
            ins.setLong(7, run.eventCount());
            ins.executeUpdate();
        }
    }

    private void updateRun(StoredRun run) throws SQLException {
        try (PreparedStatement up = connection.prepareStatement("UPDATE runs SET parent_run_id = ?, status = ?,"
                + " started_at = ?, finished_at = ?, last_seq = ?, event_count = ? WHERE run_id = ?")) {
            up.setString(1, run.parentRunId() == null ? null : run.parentRunId().value());
            up.setString(2, run.status().wireName());
            up.setObject(3, TIME.toDb(run.startedAt()));
            up.setObject(4, TIME.toDb(run.finishedAt()));
            up.setLong(5, run.lastSeq());
            up.setLong(6, run.eventCount());
            up.setString(7, run.runId().value());
            up.executeUpdate();
        }
    }

    /**
     * Appends the events of {@code run} not stored yet (an event's seq fixes its content, so a stored one is kept);
     * returns how many it appended. Only seqs up to {@code storedThrough} can be stored already: when every event is
     * above it, the store is not asked which are.
     */
    private int appendEvents(RunId run, List<Envelope> events, long storedThrough) throws SQLException {
        if (events.isEmpty()) {
            return 0;
        }
        int appended = 0;
        Set<Long> stored = new HashSet<>();
        long lowest = events.stream().mapToLong(Envelope::seq).min().orElseThrow();
        if (lowest <= storedThrough) {
            lookUpStored(run, events, stored);
        }
        DuckDBConnection duck = connection.unwrap(DuckDBConnection.class);
        try (DuckDBAppender appender = duck.createAppender("main", "events")) {
            for (Envelope e : events) {
                if (!e.runId().equals(run)) {
                    throw new IllegalArgumentException(
                            "event " + e.seq() + " belongs to run " + e.runId() + ", not " + run);
                }
                if (stored.add(e.seq())) {
                    appended++;
                    appender.beginRow()
                            .append(e.runId().value())
                            .append(e.seq())
                            .append(e.kind())
                            .append((LocalDateTime) TIME.toDb(e.ts()))
                            .append(e.toJson())
                            .endRow();
                }
            }
            appender.flush();
        }
        return appended;
    }

    /** Adds to {@code stored} the seqs of {@code events}' range that the store holds for {@code run}. */
    private void lookUpStored(RunId run, List<Envelope> events, Set<Long> stored) throws SQLException {
        try (PreparedStatement q =
                connection.prepareStatement("SELECT seq FROM events WHERE run_id = ? AND seq BETWEEN ? AND ?")) {
            q.setString(1, run.value());
            q.setLong(2, events.stream().mapToLong(Envelope::seq).min().orElseThrow());
            q.setLong(3, events.stream().mapToLong(Envelope::seq).max().orElseThrow());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getLong(1));
                }
            }
        }
    }

    private long countEvents(RunId run) throws SQLException {
        try (PreparedStatement q = connection.prepareStatement("SELECT count(*) FROM events WHERE run_id = ?")) {
            q.setString(1, run.value());
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Optional<StoredRun> readRun(RunId run) throws SQLException {
        try (PreparedStatement q =
                connection.prepareStatement("SELECT " + RunsQuery.RUN_COLUMNS + " FROM runs WHERE run_id = ?")) {
            q.setString(1, run.value());
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(RunsQuery.row(rs, TIME)) : Optional.empty();
            }
        }
    }

    @Override
    public synchronized Optional<StoredRun> run(RunId run) {
        requireOpen();
        try {
            return readRun(run);
        } catch (SQLException e) {
            throw failure("read run " + run, e);
        }
    }

    @Override
    public synchronized List<StoredRun> runs(int limit, RunStatus status, RunCursor before) {
        requireOpen();
        RunsQuery query = new RunsQuery(limit, status, before);
        try (PreparedStatement q = connection.prepareStatement(query.sql())) {
            return query.run(q, TIME);
        } catch (SQLException e) {
            throw failure("list runs", e);
        }
    }

    @Override
    public synchronized long firstSeq(RunId run) {
        requireOpen();
        try {
            return EventReads.firstSeq(connection, run);
        } catch (SQLException e) {
            throw failure("read the first seq of " + run, e);
        }
    }

    @Override
    public synchronized long lastStoredSeq(RunId run) {
        requireOpen();
        try {
            return EventReads.lastSeq(connection, run);
        } catch (SQLException e) {
            throw failure("read the last stored seq of " + run, e);
        }
    }

    @Override
    public synchronized List<Envelope> events(RunId run, long fromSeq, int max) {
        requireOpen();
        try {
            return EventReads.events(connection, run, fromSeq, max);
        } catch (SQLException e) {
            throw failure("read events of " + run, e);
        }
    }

    @Override
    public synchronized boolean healthy() {
        if (closed) {
            return false;
        }
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM runs")) {
            return rs.next();
        } catch (SQLException e) {
            LOG.warn("DuckDB health check failed: {}", e.getMessage());
            return false;
        }
    }

    /** Checkpoints and closes the file; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (Statement s = connection.createStatement()) {
            s.execute("CHECKPOINT");
        } catch (SQLException e) {
            LOG.warn("DuckDB checkpoint before close failed: {}", e.getMessage());
        }
        try {
            connection.close();
            LOG.info("DuckDB store {} closed", path);
        } catch (SQLException e) {
            LOG.error("closing DuckDB file {} failed: {}", path, e.getMessage());
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new StoreException("DuckDB store " + path + " is closed", null);
        }
    }

    private StoreException failure(String what, SQLException e) {
        return new StoreException("cannot " + what + " from " + path + ": " + e.getMessage(), e);
    }
}
