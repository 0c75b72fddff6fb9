package dev.arena.wire;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The one spelling of a timestamp on the wire ({@code 2026-12-06T01:02:03.456789Z}: UTC,
 * microseconds, {@code Z}), used in event envelopes, heartbeats and the typed wire records.
 */
public final class WireTime {

    private static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private static volatile Second lastSecond = new Second(0);

    private WireTime() {}

    /** Formats a timestamp the way envelopes carry it: UTC, microseconds, {@code Z}. */
    public static String format(Instant ts) {
        StringBuilder out = new StringBuilder(27);
        append(out, ts);
        return out.toString();
    }

    /** Appends {@link #format}{@code (ts)} to {@code out}. */
    public static void append(StringBuilder out, Instant ts) {
        long seconds = ts.getEpochSecond();
        if (seconds < 0 || seconds >= 253_402_300_800L) {
            out.append(TS.format(ts));
            return;
        }
        // Hot path (one call per publish): the date and time of day change once a second, so they are formatted
        // once a second; DateTimeFormatter would print the fraction through BigDecimal.
        Second s = lastSecond;
        if (s.epochSecond != seconds) {
            s = new Second(seconds);
            lastSecond = s;
        }
        out.append(s.text);
        int micros = ts.getNano() / 1000;
        for (int scale = 100_000; scale > 0; scale /= 10) {
            out.append((char) ('0' + micros / scale % 10));
        }
        out.append('Z');
    }

    /** {@code uuuu-MM-ddTHH:mm:ss.} of one second; immutable, so it is safe to share through a plain volatile. */
    private static final class Second {
        final long epochSecond;
        final String text;

        Second(long epochSecond) {
            this.epochSecond = epochSecond;
            LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
            char[] c = new char[20];
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
            this.text = new String(c);
        }
    }

    /**
     * Parses a timestamp as {@link Instant#parse} does (and throws what it throws), reading the spelling {@link
     * #format} writes by hand: this runs for every envelope read.
     */
    public static Instant parse(CharSequence text) {
        if (text.length() == 27
                && text.charAt(4) == '-'
                && text.charAt(7) == '-'
                && text.charAt(10) == 'T'
                && text.charAt(13) == ':'
                && text.charAt(16) == ':'
                && text.charAt(19) == '.'
                && text.charAt(26) == 'Z') {
            int year = number(text, 0, 4);
            int month = number(text, 5, 2);
            int day = number(text, 8, 2);
            int hour = number(text, 11, 2);
            int minute = number(text, 14, 2);
            int second = number(text, 17, 2);
            int micros = number(text, 20, 6);
            if (year >= 0
                    && month >= 1
                    && month <= 12
                    && day >= 1
                    && day <= YearMonth.of(year, month).lengthOfMonth()
                    && hour >= 0
                    && hour <= 23
                    && minute >= 0
                    && minute <= 59
                    && second >= 0
                    && second <= 59
                    && micros >= 0) {
                long days = LocalDate.of(year, month, day).toEpochDay();
                return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, micros * 1_000L);
            }
        }
        return Instant.parse(text);
    }

    /** The decimal number of {@code width} ASCII digits at {@code at}, or -1 when one is not a digit. */
    private static int number(CharSequence text, int at, int width) {
        int value = 0;
        for (int i = at; i < at + width; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
