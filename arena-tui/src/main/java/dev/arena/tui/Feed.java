package dev.arena.tui;

import java.time.Duration;
import java.time.Instant;

/**
 * The latest value of one data source and how fresh it is. When a fetch fails the last good value
 * is kept and the feed turns stale, remembering since when and why, so a panel can say
 * "stale 12s: connection refused" instead of going blank; the next success clears it.
 * Not thread-safe: confined to the GUI thread.
 */
final class Feed<T> {

    private T value;
    private Instant updatedAt;
    private Instant failingSince;
    private String error;

    void succeed(T newValue, Instant at) {
        value = newValue;
        updatedAt = at;
        failingSince = null;
        error = null;
    }

    void fail(Throwable cause, Instant at) {
        if (failingSince == null) {
            failingSince = at;
        }
        error = describe(cause);
    }

    /** The last good value, or null if there never was one. */
    T value() {
        return value;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    boolean stale() {
        return failingSince != null;
    }

    String error() {
        return error;
    }

    /**
     * {@code "stale 12s: connection refused"} while failing (the age counts from the last good
     * value, or from the first failure when there never was one), else null.
     */
    String staleLabel(Instant now) {
        if (failingSince == null) {
            return null;
        }
        Instant since = updatedAt != null ? updatedAt : failingSince;
        return "stale " + Cells.duration(Duration.between(since, now)) + ": " + error;
    }

    static String describe(Throwable cause) {
        Throwable t = cause;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof java.util.concurrent.ExecutionException)) {
            t = t.getCause();
        }
        String msg = t.getMessage();
        String text = msg == null || msg.isBlank() ? t.getClass().getSimpleName() : msg;
        return text.replaceAll("\\s+", " ");
    }
}
