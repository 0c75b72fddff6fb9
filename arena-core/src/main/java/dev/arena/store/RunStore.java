package dev.arena.store;

import dev.arena.broker.Envelope;
import dev.arena.broker.RunId;
import dev.arena.broker.RunStatus;
import dev.arena.files.PrivateFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DuckDB file of finished runs: {@code runs(run_id PK, parent_run_id, status, started_at,
 * finished_at, last_seq, event_count)} and {@code events(run_id, seq, kind, ts, envelope,
 * PK(run_id, seq))}. Writing a run replaces whatever was stored for it in one transaction, so
 * persisting twice is harmless. One connection, opened once (the first connect costs ~0.5 s);
 * methods are thread-safe (serialised). Timestamps are stored as UTC {@code TIMESTAMP}. The file and its
 * write-ahead log are kept owner-only (0600; a directory Arena creates is 0700): DuckDB creates them with
 * the process umask, so they are tightened right after open and after each write ({@link PrivateFiles}).
 */
public final class RunStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunStore.class);

    private static final String RUN_COLUMNS =
            "run_id, parent_run_id, status, started_at, finished_at, last_seq, event_count";

    private final Path path;
    private final Connection connection;
    private boolean closed;

    private RunStore(Path path, Connection connection) {
        this.path = path;
        this.connection = connection;
    }

    /**
     * Opens (creating if needed) the DuckDB file at {@code path} and its tables.
     *
     * @throws StoreException naming the file, e.g. when another process holds its lock
     */
    public static RunStore open(Path path) {
        try {
            PrivateFiles.createParentDirectories(path);
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null && PrivateFiles.isOpenToOthers(parent)) {
                LOG.warn("the directory {} of the DuckDB file is open to other users; DuckDB creates its write-ahead log"
                        + " there with the process umask (chmod 700 {}, or point ARENA_DB into a private directory)", parent, parent);
            }
            boolean existed = Files.exists(path);
            Connection c = DriverManager.getConnection("jdbc:duckdb:" + path.toAbsolutePath());
            // DuckDB creates the file itself (an empty pre-created file is refused): tighten it before any table or row is written.
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
            return new RunStore(path, c);
        } catch (SQLException | java.io.IOException e) {
            throw new StoreException("cannot open DuckDB file " + path + ": " + e.getMessage()
                    + " (is another arena server using it? set ARENA_DB to another file)", e);
        }
    }

    /** DuckDB's write-ahead log beside {@code db}, created and deleted by DuckDB itself. */
    static Path walOf(Path db) {
        return db.resolveSibling(db.getFileName() + ".wal");
    }

    /** The file this store writes. */
    public Path path() {
        return path;
    }

    /**
     * Stores {@code run} with exactly {@code events} (in seq order), replacing any earlier copy of
     * that run, atomically.
     */
    public synchronized void persist(StoredRun run, List<Envelope> events) {
        requireOpen();
        try {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement del = connection.prepareStatement("DELETE FROM events WHERE run_id = ?")) {
                    del.setString(1, run.runId().value());
                    del.executeUpdate();
                }
                try (PreparedStatement del = connection.prepareStatement("DELETE FROM runs WHERE run_id = ?")) {
                    del.setString(1, run.runId().value());
                    del.executeUpdate();
                }
                insertRun(run);
                appendEvents(events);
                connection.commit();
                PrivateFiles.tighten(walOf(path));
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot persist run " + run.runId() + " to " + path + ": " + e.getMessage(), e);
        }
    }

    private void insertRun(StoredRun run) throws SQLException {
        try (PreparedStatement ins = connection.prepareStatement(
                "INSERT INTO runs (" + RUN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ins.setString(1, run.runId().value());
            ins.setString(2, run.parentRunId() == null ? null : run.parentRunId().value());
            ins.setString(3, run.status().wireName());
            ins.setObject(4, toDb(run.startedAt()));
            ins.setObject(5, toDb(run.finishedAt()));
            ins.setLong(6, run.lastSeq());
            ins.setLong(7, run.eventCount());
            ins.executeUpdate();
        }
    }

    private void appendEvents(List<Envelope> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        DuckDBConnection duck = connection.unwrap(DuckDBConnection.class);
        try (DuckDBAppender appender = duck.createAppender("main", "events")) {
            for (Envelope e : events) {
                appender.beginRow()
                        .append(e.runId().value())
                        .append(e.seq())
                        .append(e.kind())
                        .append(toDb(e.ts()))
                        .append(e.toJson())
                        .endRow();
            }
            appender.flush();
        }
    }

    /** The stored run, or empty. */
    public synchronized Optional<StoredRun> run(RunId run) {
        requireOpen();
        try (PreparedStatement q = connection.prepareStatement(
                "SELECT " + RUN_COLUMNS + " FROM runs WHERE run_id = ?")) {
            q.setString(1, run.value());
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read run " + run, e);
        }
    }

    /** True when the run is stored. */
    public boolean contains(RunId run) {
        return run(run).isPresent();
    }

    /** Up to {@code limit} stored runs, newest first by start time. */
    public List<StoredRun> runs(int limit) {
        return runs(limit, null);
    }

    /** Up to {@code limit} stored runs with {@code status} (any when null), newest first by start time. */
    public List<StoredRun> runs(int limit, RunStatus status) {
        return runs(limit, status, null);
    }

    /**
     * Up to {@code limit} stored runs with {@code status} (any when null) that come strictly after {@code before}
     * (from the newest when null) in {@link RunCursor#NEWEST_FIRST} order: keyset paging, stable however many
     * runs are written meanwhile.
     */
    public synchronized List<StoredRun> runs(int limit, RunStatus status, RunCursor before) {
        requireOpen();
        List<String> where = new ArrayList<>();
        if (status != null) {
            where.add("status = ?");
        }
        if (before != null) {
            if (before.startedAt() == null) {
                where.add("(started_at IS NULL AND run_id > ?)");
            } else if (before.runId() == null) {
                where.add("(started_at < ? OR started_at IS NULL)");
            } else {
                where.add("(started_at < ? OR (started_at = ? AND run_id > ?) OR started_at IS NULL)");
            }
        }
        try (PreparedStatement q = connection.prepareStatement("SELECT " + RUN_COLUMNS + " FROM runs"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY started_at DESC NULLS LAST, run_id LIMIT ?")) {
            int i = 1;
            if (status != null) {
                q.setString(i++, status.wireName());
            }
            if (before != null) {
                if (before.startedAt() == null) {
                    q.setString(i++, before.runId().value());
                } else {
                    q.setObject(i++, toDb(before.startedAt()));
                    if (before.runId() != null) {
                        q.setObject(i++, toDb(before.startedAt()));
                        q.setString(i++, before.runId().value());
                    }
                }
            }
            q.setInt(i, limit);
            List<StoredRun> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("list runs", e);
        }
    }

    /** The lowest stored seq of a run, or 0 when none of its events is stored. */
    public synchronized long firstSeq(RunId run) {
        requireOpen();
        try (PreparedStatement q = connection.prepareStatement("SELECT min(seq) FROM events WHERE run_id = ?")) {
            q.setString(1, run.value());
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw failure("read the first seq of " + run, e);
        }
    }

    /** Up to {@code max} stored events of {@code run} from {@code fromSeq} (inclusive), in seq order. */
    public synchronized List<Envelope> events(RunId run, long fromSeq, int max) {
        requireOpen();
        try (PreparedStatement q = connection.prepareStatement(
                "SELECT envelope FROM events WHERE run_id = ? AND seq >= ? ORDER BY seq LIMIT ?")) {
            q.setString(1, run.value());
            q.setLong(2, fromSeq);
            q.setInt(3, max);
            List<Envelope> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(Envelope.parse(rs.getString(1)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("read events of " + run, e);
        }
    }

    /** A cheap query proving the file is usable. */
    public synchronized boolean healthy() {
        if (closed) {
            return false;
        }
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM runs")) {
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

    private static StoredRun row(ResultSet rs) throws SQLException {
        String parent = rs.getString(2);
        return new StoredRun(RunId.parse(rs.getString(1)), parent == null ? null : RunId.parse(parent),
                RunStatus.fromWire(rs.getString(3)), fromDb(rs.getObject(4, LocalDateTime.class)),
                fromDb(rs.getObject(5, LocalDateTime.class)), rs.getLong(6), rs.getLong(7));
    }

    private static LocalDateTime toDb(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant fromDb(LocalDateTime time) {
        return time == null ? null : time.toInstant(ZoneOffset.UTC);
    }
}
