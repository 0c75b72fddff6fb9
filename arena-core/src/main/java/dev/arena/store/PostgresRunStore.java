package dev.arena.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.arena.broker.Envelope;
import dev.arena.broker.RunId;
import dev.arena.config.StoreLocation;
import dev.arena.wire.RunStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL {@link RunStore}, shared by any number of servers: a HikariCP pool over the PostgreSQL
 * JDBC driver, its schema created and migrated at open by Flyway from
 * {@code classpath:db/migration/postgresql} (Flyway takes an advisory lock, so servers starting together
 * migrate once). Writes are safe under concurrency: events go in batches (arrays unnested into one statement) with
 * {@code ON CONFLICT DO NOTHING}; the run row is inserted if absent, then locked ({@code FOR UPDATE}),
 * merged and updated — so two servers archiving the same run end with one row and one copy of each event.
 * Thread-safe (each call borrows a pooled connection).
 */
final class PostgresRunStore implements RunStore {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresRunStore.class);
    private static final SqlTime TIME = SqlTime.OFFSET;
    /** Where the versioned migrations live ({@code V1__runs_and_events.sql}, …). */
    static final String MIGRATIONS = "classpath:db/migration/postgresql";

    private static final int BATCH = 1000;

    private final StoreLocation location;
    private final HikariDataSource pool;
    private volatile boolean closed;

    private PostgresRunStore(StoreLocation location, HikariDataSource pool) {
        this.location = location;
        this.pool = pool;
    }

    /**
     * Connects the pool (failing at once when the server does not answer or refuses the password) and
     * migrates the schema.
     *
     * @throws StoreException naming the masked URL and the cause, with what to check
     */
    static PostgresRunStore open(StoreLocation location) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("arena-store");
        config.setJdbcUrl(location.jdbcUrl());
        config.setUsername(location.user());
        location.password().ifPresent(config::setPassword);
        location.secretParameters()
                .forEach(config::addDataSourceProperty); // kept out of the JDBC URL, which the pool logs
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(3_000);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "arena-server");
        HikariDataSource pool = null;
        try {
            pool = new HikariDataSource(config);
            MigrateResult result = Flyway.configure()
                    .dataSource(pool)
                    .locations(MIGRATIONS)
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            LOG.info(
                    "PostgreSQL store open at {} (schema version {}, {} migration(s) applied now)",
                    location,
                    result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion,
                    result.migrationsExecuted);
            return new PostgresRunStore(location, pool);
        } catch (RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            throw new StoreException(
                    "cannot open the PostgreSQL store " + location + ": " + location.scrub(causes(e))
                            + " (is PostgreSQL running and reachable there, and are the user, password and database in ARENA_DB right?)",
                    null);
        }
    }

    /** Every message down the cause chain, for an error that names the real failure (the chain itself is dropped: it may quote the password). */
    private static String causes(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null && out.length() < 2000; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank() && out.indexOf(m) < 0) {
                out.append(out.length() == 0 ? "" : ": ").append(m.strip());
            }
        }
        return out.length() == 0 ? e.getClass().getSimpleName() : out.toString();
    }

    @Override
    public StoreLocation location() {
        return location;
    }

    @Override
    public void persist(StoredRun run, List<Envelope> events) {
        requireOpen();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<StoredRun> stored = lockRow(c, run);
                StoredRun kept = stored.map(s -> s.mergedWith(run)).orElse(run);
                long inserted = insertEvents(c, run.runId(), events);
                // a running run's count moves by what this write added (the row lock orders writers of the run);
                // a finished one is recounted once, from its events
                updateRow(
                        c,
                        kept,
                        kept.isFinished()
                                ? null
                                : stored.map(StoredRun::eventCount).orElse(0L) + inserted);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("persist run " + run.runId(), e);
        }
    }

    /**
     * Inserts {@code run}'s row unless one exists, then locks the row; returns the row stored before this
     * call, or empty when this call inserted it. Locking the row first orders concurrent writers of one run.
     */
    private static Optional<StoredRun> lockRow(Connection c, StoredRun run) throws SQLException {
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO runs (" + RunsQuery.RUN_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id) DO NOTHING")) {
            bindRow(ins, run);
            if (ins.executeUpdate() == 1) {
                return Optional.empty();
            }
        }
        try (PreparedStatement q =
                c.prepareStatement("SELECT " + RunsQuery.RUN_COLUMNS + " FROM runs WHERE run_id = ? FOR UPDATE")) {
            q.setString(1, run.runId().value());
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("the row of run " + run.runId() + " vanished while it was being written");
                }
                return Optional.of(RunsQuery.row(rs, TIME));
            }
        }
    }

    /**
     * Inserts the events of {@code run} not stored yet, {@link #BATCH} per statement (each batch's columns sent as
     * arrays and unnested, one round trip); returns how many it inserted.
     */
    private static long insertEvents(Connection c, RunId run, List<Envelope> events) throws SQLException {
        long inserted = 0;
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO events (run_id, seq, kind, ts, envelope)"
                + " SELECT ?, u.seq, u.kind, u.ts, u.envelope"
                + " FROM unnest(?::bigint[], ?::text[], ?::text[]::timestamptz[], ?::text[]) AS u(seq, kind, ts, envelope)"
                + " ON CONFLICT DO NOTHING")) {
            for (int from = 0; from < events.size(); from += BATCH) {
                List<Envelope> batch = events.subList(from, Math.min(events.size(), from + BATCH));
                Long[] seqs = new Long[batch.size()];
                String[] kinds = new String[batch.size()];
                String[] times = new String[batch.size()];
                String[] envelopes = new String[batch.size()];
                for (int i = 0; i < batch.size(); i++) {
                    Envelope e = batch.get(i);
                    if (!e.runId().equals(run)) {
                        throw new IllegalArgumentException(
                                "event " + e.seq() + " belongs to run " + e.runId() + ", not " + run);
                    }
                    seqs[i] = e.seq();
                    kinds[i] = e.kind();
                    times[i] = Envelope.formatTs(e.ts());
                    envelopes[i] = e.toJson();
                }
                ins.setString(1, run.value());
                ins.setArray(2, c.createArrayOf("bigint", seqs));
                ins.setArray(3, c.createArrayOf("text", kinds));
                ins.setArray(4, c.createArrayOf("text", times));
                ins.setArray(5, c.createArrayOf("text", envelopes));
                inserted += ins.executeUpdate();
            }
        }
        return inserted;
    }

    /** Writes {@code run} over its row, with {@code eventCount}, or its events counted when that is null. */
    private static void updateRow(Connection c, StoredRun run, Long eventCount) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("UPDATE runs SET parent_run_id = ?, status = ?, started_at = ?,"
                + " finished_at = ?, last_seq = ?, event_count = "
                + (eventCount == null ? "(SELECT count(*) FROM events WHERE run_id = ?)" : "?")
                + " WHERE run_id = ?")) {
            up.setString(1, run.parentRunId() == null ? null : run.parentRunId().value());
            up.setString(2, run.status().wireName());
            up.setObject(3, TIME.toDb(run.startedAt()));
            up.setObject(4, TIME.toDb(run.finishedAt()));
            up.setLong(5, run.lastSeq());
            if (eventCount == null) {
                up.setString(6, run.runId().value());
            } else {
                up.setLong(6, eventCount);
            }
            up.setString(7, run.runId().value());
            up.executeUpdate();
        }
    }

    private static void bindRow(PreparedStatement ins, StoredRun run) throws SQLException {
        ins.setString(1, run.runId().value());
        ins.setString(2, run.parentRunId() == null ? null : run.parentRunId().value());
        ins.setString(3, run.status().wireName());
        ins.setObject(4, TIME.toDb(run.startedAt()));
        ins.setObject(5, TIME.toDb(run.finishedAt()));
        ins.setLong(6, run.lastSeq());
        ins.setLong(7, run.eventCount());
    }

    @Override
    public Optional<StoredRun> run(RunId run) {
        requireOpen();
        try (Connection c = pool.getConnection();
                PreparedStatement q =
                        c.prepareStatement("SELECT " + RunsQuery.RUN_COLUMNS + " FROM runs WHERE run_id = ?")) {
            q.setString(1, run.value());
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(RunsQuery.row(rs, TIME)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read run " + run, e);
        }
    }

    @Override
    public List<StoredRun> runs(int limit, RunStatus status, RunCursor before) {
        requireOpen();
        RunsQuery query = new RunsQuery(limit, status, before);
        try (Connection c = pool.getConnection();
                PreparedStatement q = c.prepareStatement(query.sql())) {
            return query.run(q, TIME);
        } catch (SQLException e) {
            throw failure("list runs", e);
        }
    }

    @Override
    public long firstSeq(RunId run) {
        requireOpen();
        try (Connection c = pool.getConnection()) {
            return EventReads.firstSeq(c, run);
        } catch (SQLException e) {
            throw failure("read the first seq of " + run, e);
        }
    }

    @Override
    public long lastStoredSeq(RunId run) {
        requireOpen();
        try (Connection c = pool.getConnection()) {
            return EventReads.lastSeq(c, run);
        } catch (SQLException e) {
            throw failure("read the last stored seq of " + run, e);
        }
    }

    @Override
    public List<Envelope> events(RunId run, long fromSeq, int max) {
        requireOpen();
        try (Connection c = pool.getConnection()) {
            return EventReads.events(c, run, fromSeq, max);
        } catch (SQLException e) {
            throw failure("read events of " + run, e);
        }
    }

    @Override
    public boolean healthy() {
        if (closed) {
            return false;
        }
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1 FROM runs LIMIT 1")) {
            rs.next();
            return true;
        } catch (SQLException | RuntimeException e) {
            LOG.warn("PostgreSQL store health check failed ({}): {}", location, location.scrub(e.getMessage()));
            return false;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        pool.close();
        LOG.info("PostgreSQL store {} closed", location);
    }

    private void requireOpen() {
        if (closed) {
            throw new StoreException("PostgreSQL store " + location + " is closed", null);
        }
    }

    /**
     * A connection that could not be had or was lost (SQLState class 08, 57P01-57P03, or the pool's timeout) is the
     * store being away ({@link StoreUnavailableException}: 503); any other failure is Arena's ({@link StoreException}).
     */
    private RuntimeException failure(String what, SQLException e) {
        String message = "cannot " + what + " in " + location + ": " + location.scrub(e.getMessage());
        if (unreachable(e)) {
            return new StoreUnavailableException(
                    "the store: " + message + " (is PostgreSQL running and reachable? retry when it is back)", e);
        }
        return new StoreException(message, e);
    }

    /** Whether {@code e} says the database could not be reached rather than that it refused the statement. */
    static boolean unreachable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof java.net.ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }
}
