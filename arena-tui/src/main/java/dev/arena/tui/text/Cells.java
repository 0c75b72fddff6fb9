package dev.arena.tui.text;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the console writes numbers, durations and times into fixed-width cells. */
public final class Cells {

    public static final String UNKNOWN = "…";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Cells() {}

    /** {@code 45s}, {@code 12m05s}, {@code 5h59m}, {@code 3d04h}; never wider than 6. */
    public static String duration(Duration d) {
        if (d == null) {
            return "-";
        }
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        long days = s / 86_400;
        return days > 99 ? days + "d" : String.format(Locale.ROOT, "%dd%02dh", days, (s % 86_400) / 3600);
    }

    /** {@code 950}, {@code 12.3k}, {@code 4.5M}; {@code -} for a negative (unknown) value. */
    public static String count(long n) {
        if (n < 0) {
            return "-";
        }
        if (n < 10_000) {
            return Long.toString(n);
        }
        if (n < 1_000_000) {
            return String.format(Locale.ROOT, "%.1fk", n / 1_000.0);
        }
        if (n < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1fM", n / 1_000_000.0);
        }
        return String.format(Locale.ROOT, "%.1fG", n / 1_000_000_000.0);
    }

    /** A per-second rate: {@code 0/s}, {@code 5.5/s}, {@code 52/s}, {@code 1.2k/s}. */
    public static String rate(double perSecond) {
        if (Double.isNaN(perSecond)) {
            return "-/s";
        }
        double r = Math.max(0, perSecond);
        if (r == 0) {
            return "0/s";
        }
        if (r < 10) {
            return String.format(Locale.ROOT, "%.1f/s", r);
        }
        if (r < 10_000) {
            return String.format(Locale.ROOT, "%.0f/s", r);
        }
        return String.format(Locale.ROOT, "%.1fk/s", r / 1_000);
    }

    /** Local wall-clock time {@code HH:mm:ss}, or {@code -}. */
    public static String clock(Instant t, ZoneId zone) {
        return t == null ? "-" : CLOCK.format(t.atZone(zone));
    }

    /** Left-aligned in exactly {@code width} columns: padded, or cut with {@code …}. */
    public static String fit(String text, int width) {
        if (width <= 0) {
            return "";
        }
        String s = text == null ? "" : text;
        if (s.length() > width) {
            return width == 1 ? UNKNOWN : s.substring(0, width - 1) + UNKNOWN;
        }
        return s + " ".repeat(width - s.length());
    }

    /** Right-aligned in exactly {@code width} columns. */
    public static String right(String text, int width) {
        String s = text == null ? "" : text;
        if (s.length() >= width) {
            return fit(s, width);
        }
        return " ".repeat(width - s.length()) + s;
    }

    /** Cut to at most {@code width} columns without padding. */
    public static String cut(String text, int width) {
        if (text == null || width <= 0) {
            return "";
        }
        return text.length() <= width ? text : fit(text, width);
    }

    /**
     * {@code text} in at most {@code width} columns, shortened in the middle with {@code …} so its
     * start (scheme, user) and end (host and port, an id's tail) both stay readable: for URLs and ids.
     */
    public static String middle(String text, int width) {
        if (text == null || width <= 0) {
            return "";
        }
        if (text.length() <= width) {
            return text;
        }
        if (width < 5) {
            return fit(text, width);
        }
        int tail = width / 2; // the end (host:port, an id's tail) is what tells two apart
        int head = width - 1 - tail;
        return text.substring(0, head) + UNKNOWN + text.substring(text.length() - tail);
    }
}
