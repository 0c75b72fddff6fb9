package dev.arena.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * How a store's SQL timestamps carry an {@link Instant}: always UTC and truncated to microseconds (the
 * precision both stores keep and {@link RunCursor} compares at), so both stores give back the same instant.
 */
enum SqlTime {

    /** DuckDB {@code TIMESTAMP}: a UTC wall-clock time. */
    LOCAL_UTC {
        @Override
        Object toDb(Instant instant) {
            return instant == null ? null : LocalDateTime.ofInstant(micros(instant), ZoneOffset.UTC);
        }

        @Override
        Instant read(ResultSet rs, int column) throws SQLException {
            LocalDateTime time = rs.getObject(column, LocalDateTime.class);
            return time == null ? null : time.toInstant(ZoneOffset.UTC);
        }
    },

    /** PostgreSQL {@code timestamptz}. */
    OFFSET {
        @Override
        Object toDb(Instant instant) {
            return instant == null ? null : OffsetDateTime.ofInstant(micros(instant), ZoneOffset.UTC);
        }

        @Override
        Instant read(ResultSet rs, int column) throws SQLException {
            OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
            return time == null ? null : time.toInstant();
        }
    };

    /** The value to bind for {@code instant} (null stays null). */
    abstract Object toDb(Instant instant);

    /** The instant in {@code column} of the current row, or null. */
    abstract Instant read(ResultSet rs, int column) throws SQLException;

    static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }
}
