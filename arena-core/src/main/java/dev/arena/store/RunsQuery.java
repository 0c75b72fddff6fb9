package dev.arena.store;

import dev.arena.broker.RunId;
import dev.arena.wire.RunStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one {@code runs} query both stores page {@code GET /runs} with: up to {@code limit} rows with
 * {@code status} (any when null) strictly after {@code before} (from the newest when null) in
 * {@link RunCursor#NEWEST_FIRST} order — keyset paging, so a page is stable however many runs are
 * written meanwhile. Also the row mapping of {@code runs}, shared so both stores read a row alike.
 */
record RunsQuery(int limit, RunStatus status, RunCursor before) {

    static final String RUN_COLUMNS = "run_id, parent_run_id, status, started_at, finished_at, last_seq, event_count";

    /** The SELECT, with its parameters bound by {@link #bind}. */
    String sql() {
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
        return "SELECT " + RUN_COLUMNS + " FROM runs"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY started_at DESC NULLS LAST, run_id LIMIT ?";
    }

    /** Binds the parameters of {@link #sql()}, timestamps as {@code time} carries them. */
    void bind(PreparedStatement q, SqlTime time) throws SQLException {
        int i = 1;
        if (status != null) {
            q.setString(i++, status.wireName());
        }
        if (before != null) {
            if (before.startedAt() == null) {
                q.setString(i++, before.runId().value());
            } else {
                q.setObject(i++, time.toDb(before.startedAt()));
                if (before.runId() != null) {
                    q.setObject(i++, time.toDb(before.startedAt()));
                    q.setString(i++, before.runId().value());
                }
            }
        }
        q.setInt(i, limit);
    }

    /** Runs the query on {@code q} (prepared from {@link #sql()}). */
    List<StoredRun> run(PreparedStatement q, SqlTime time) throws SQLException {
        bind(q, time);
        List<StoredRun> out = new ArrayList<>();
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs, time));
            }
        }
        return out;
    }

    /** The current row of a result selecting {@link #RUN_COLUMNS} in that order. */
    static StoredRun row(ResultSet rs, SqlTime time) throws SQLException {
        String parent = rs.getString(2);
        return new StoredRun(
                RunId.parse(rs.getString(1)),
                parent == null ? null : RunId.parse(parent),
                RunStatus.fromWire(rs.getString(3)),
                time.read(rs, 4),
                time.read(rs, 5),
                rs.getLong(6),
                rs.getLong(7));
    }
}
