package dev.arena.server;

import java.util.regex.Pattern;

/**
 * The one strict reading of numbers and names that arrive in a query or header (docs/api.md,
 * "Conventions"): a value is accepted only in its canonical spelling, so that what a client sent
 * and what the server understood cannot differ. Each method throws the 400 {@link ApiException}
 * that says what is wrong and what is expected.
 */
final class StrictInput {

    /** {@code 0}, or a non-zero digit followed by digits: no sign, spaces, leading zeros, separators. */
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]*");

    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private StrictInput() {}

    /** {@code raw} as a decimal integer in [{@code min}, {@code max}]. */
    static long decimal(String raw, String what, long min, long max) {
        if (raw == null || !DECIMAL.matcher(raw).matches()) {
            throw ApiException.badRequest(
                    what + " '" + Exchange.shown(raw == null ? "" : raw) + "' is not an integer: use decimal "
                            + "digits only, without sign, spaces or leading zeros (expected " + min + ".." + max + ")");
        }
        long v;
        try {
            v = Long.parseLong(raw);
        } catch (NumberFormatException tooLong) {
            throw ApiException.badRequest(
                    what + " " + Exchange.shown(raw) + " is out of range (expected " + min + ".." + max + ")");
        }
        if (v < min || v > max) {
            throw ApiException.badRequest(what + " " + v + " is out of range (expected " + min + ".." + max + ")");
        }
        return v;
    }

    /** Refuses a value with a control character (a NUL, a line break, …) in it, which no valid value has. */
    static String printable(String raw, String what) {
        if (raw != null && CONTROL.matcher(raw).find()) {
            throw ApiException.badRequest(
                    what + " '" + Exchange.shown(raw) + "' contains a control character (such as %00): " + "remove it");
        }
        return raw;
    }
}
