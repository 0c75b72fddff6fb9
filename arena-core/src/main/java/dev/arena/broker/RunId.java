package dev.arena.broker;

import java.util.Objects;
import java.util.UUID;

/**
 * A run's identity: a lower-case canonical UUID. Every boundary (HTTP, CLI, Redis key building)
 * parses user input through {@link #parse} so nothing unvalidated is ever glued into a key.
 */
public final class RunId implements Comparable<RunId> {

    private final String value;

    private RunId(String value) {
        this.value = value;
    }

    /**
     * Parses a run id.
     *
     * @throws IllegalArgumentException naming the bad value (abbreviated) and the expected form
     */
    public static RunId parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException(
                    "run id is missing: expected a lower-case UUID such as 3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d");
        }
        if (!isCanonical(text)) {
            throw new IllegalArgumentException("invalid run id '" + abbreviate(text)
                    + "': expected a lower-case UUID such as 3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d");
        }
        return new RunId(text);
    }

    /** True when {@code text} would parse. */
    public static boolean isValid(String text) {
        return text != null && isCanonical(text);
    }

    /** {@code [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}}, checked by hand: this runs for every envelope read. */
    private static boolean isCanonical(String text) {
        if (text.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23
                    ? c == '-'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A fresh random run id. */
    public static RunId random() {
        return new RunId(UUID.randomUUID().toString());
    }

    /** The canonical text form. */
    public String value() {
        return value;
    }

    /** The first 8 characters, which guarded actions ask the operator to type. */
    public String prefix() {
        return value.substring(0, 8);
    }

    @Override
    public String toString() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunId other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public int compareTo(RunId o) {
        return value.compareTo(o.value);
    }

    static String abbreviate(String text) {
        String printable = text.replaceAll("[\\p{Cntrl}]", "?");
        return printable.length() <= 60 ? printable : printable.substring(0, 57) + "...";
    }

    static void requireNonNull(RunId run) {
        Objects.requireNonNull(run, "run id");
    }
}
