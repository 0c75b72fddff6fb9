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

    /** Up to {@code max} envelopes of {@code run} from {@code fromSeq} on, in seq order. */
    static List<Envelope> events(Connection c, RunId run, long fromSeq, int max) throws SQLException {
        try (PreparedStatement q =
                c.prepareStatement("SELECT envelope FROM events WHERE run_id = ? AND seq >= ? ORDER BY seq LIMIT ?")) {
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
