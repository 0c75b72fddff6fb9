package dev.arena.wire;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The one spelling of a timestamp on the wire ({@code 2026-12-06T01:02:03.456789Z}: UTC,
 * microseconds, {@code Z}), used in event envelopes, heartbeats and the typed wire records.
 */
public final class WireTime {

    private static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private WireTime() {}

    /** Formats a timestamp the way envelopes carry it: UTC, microseconds, {@code Z}. */
    public static String format(Instant ts) {
        long seconds = ts.getEpochSecond();
        // Hot path (one call per publish): format by hand; DateTimeFormatter's fraction goes through BigDecimal.
        if (seconds < 0 || seconds >= 253_402_300_800L) {
            return TS.format(ts);
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        char[] c = new char[27];
        digits(c, 0, t.getYear(), 4);
        c[4] = '-';
        digits(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, t.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, t.getHour(), 2);
        c[13] = ':';
        digits(c, 14, t.getMinute(), 2);
        c[16] = ':';
        digits(c, 17, t.getSecond(), 2);
        c[19] = '.';
        digits(c, 20, ts.getNano() / 1000, 6);
        c[26] = 'Z';
        return new String(c);
    }

    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
