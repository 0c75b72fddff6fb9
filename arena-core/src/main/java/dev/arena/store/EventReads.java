package dev.arena.store;

import dev.arena.broker.Envelope;
import dev.arena.broker.RunId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code events} reads both stores answer with the same SQL; each store brings its own
 * connection (DuckDB's one, a pooled PostgreSQL one) and turns failures into its own errors.
 */
final class EventReads {

    private EventReads() {}

    /**
     * Up to {@code max} envelopes of {@code run} from {@code fromSeq} on, in seq order. The seqs
     * {@code fromSeq .. fromSeq + max - 1} are asked for first: a bounded range lets DuckDB skip every
     * row group outside it by its min/max (an open-ended {@code ORDER BY seq LIMIT} reads the rest of
     * the run to sort it, so paging through a long run was quadratic). Only when that range holds
     * nothing (a gap the broker trimmed before it was archived, or the end) is the next stored event
     * looked for past it.
     */
    static List<Envelope> events(Connection c, RunId run, long fromSeq, int max) throws SQLException {
        List<Envelope> out = new ArrayList<>();
        if (max <= 0) {
            return out;
        }
        try (PreparedStatement q = c.prepareStatement(
                "SELECT envelope FROM events WHERE run_id = ? AND seq >= ? AND seq < ? ORDER BY seq")) {
            q.setString(1, run.value());
            q.setLong(2, fromSeq);
            q.setLong(3, fromSeq > Long.MAX_VALUE - max ? Long.MAX_VALUE : fromSeq + max);
            read(q, out);
        }
        if (!out.isEmpty()) {
            return out;
        }
        try (PreparedStatement q =
                c.prepareStatement("SELECT envelope FROM events WHERE run_id = ? AND seq >= ? ORDER BY seq LIMIT ?")) {
            q.setString(1, run.value());
            q.setLong(2, fromSeq);
            q.setInt(3, max);
            read(q, out);
        }
        return out;
    }

    private static void read(PreparedStatement q, List<Envelope> out) throws SQLException {
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(Envelope.parse(rs.getString(1)));
            }
        }
    }

    /** The lowest stored seq of {@code run}, 0 when it has none. */
    static long firstSeq(Connection c, RunId run) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT coalesce(min(seq), 0) FROM events WHERE run_id = ?")) {
            q.setString(1, run.value());
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The highest stored seq of {@code run}, 0 when it has none. */
    static long lastSeq(Connection c, RunId run) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT coalesce(max(seq), 0) FROM events WHERE run_id = ?")) {
            q.setString(1, run.value());
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
