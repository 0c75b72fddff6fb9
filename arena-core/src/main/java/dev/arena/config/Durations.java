package dev.arena.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the durations operators write: {@code 500ms}, {@code 90s}, {@code 30m}, {@code 6h}, {@code 1d}, or ISO-8601. */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {}

    /**
     * @throws IllegalArgumentException describing the accepted forms
     */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration: use 90s, 30m, 6h, 1d, 500ms or ISO-8601 such as PT30M");
        }
    }

    /**
     * The exact form an operator would write, in the largest unit that divides it: {@code 1h}, {@code 90m},
     * {@code 90s}, {@code 1500ms} ({@link #parse} reads it back to the same duration).
     */
    public static String exact(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s != 0 && s % 86400 == 0) {
            return (s / 86400) + "d";
        }
        if (s != 0 && s % 3600 == 0) {
            return (s / 3600) + "h";
        }
        if (s != 0 && s % 60 == 0) {
            return (s / 60) + "m";
        }
        return s + "s";
    }

    /** Short human form: {@code 45s}, {@code 12m}, {@code 3h}, {@code 2d}. */
    public static String humanize(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 120) {
            return s + "s";
        }
        if (s < 2 * 3600) {
            return (s / 60) + "m";
        }
        if (s < 2 * 86400) {
            return (s / 3600) + "h";
        }
        return (s / 86400) + "d";
    }
}
