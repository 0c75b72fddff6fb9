package dev.arena.tui.state;

import dev.arena.tui.text.Cells;
import dev.arena.tui.text.FailureText;
import java.time.Duration;
import java.time.Instant;

/**
 * The latest value of one data source and how fresh it is. When a fetch fails the last good value
 * is kept and the feed turns stale, remembering since when and why, so a panel can say
 * "stale 12s: connection refused" instead of going blank; the next success clears it.
 * Not thread-safe: confined to the GUI thread.
 */
public final class Feed<T> {

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

    public void fail(Throwable cause, Instant at) {
        if (failingSince == null) {
            failingSince = at;
        }
        error = FailureText.describe(cause);
    }

    /** The last good value, or null if there never was one. */
    public T value() {
        return value;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    public boolean stale() {
        return failingSince != null;
    }

    String error() {
        return error;
    }

    /**
     * {@code "stale 12s: connection refused"} while failing (the age counts from the last good
     * value, or from the first failure when there never was one), else null.
     */
    public String staleLabel(Instant now) {
        if (failingSince == null) {
            return null;
        }
        Instant since = updatedAt != null ? updatedAt : failingSince;
        return "stale " + Cells.duration(Duration.between(since, now)) + ": " + error;
    }
}
