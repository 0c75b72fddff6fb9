package dev.arena.diag.redis;

import dev.arena.error.BackendUnavailableException;
import java.util.concurrent.TimeoutException;

/**
 * Redis could not be used by a diagnostic: unreachable, refused the credentials, or timed out.
 * Arena's one {@link BackendUnavailableException} (so the CLI exits 3 and the console marks the
 * panel stale like any unavailable backend), with the {@link Reason} the doctor reports. The
 * message carries only the masked URL and says what to check.
 */
public final class RedisUnavailableException extends BackendUnavailableException {

    /** Why Redis could not be used. */
    public enum Reason {
        UNREACHABLE,
        AUTH_FAILED,
        TIMEOUT,
        ERROR
    }

    private final Reason reason;

    public RedisUnavailableException(Reason reason, String message, Throwable cause) {
        super("Redis", message, cause);
        this.reason = reason;
    }

    /** A failed bounded wait as a diagnostic's failure: {@link Reason#TIMEOUT} when no reply came in time. */
    static RedisUnavailableException of(BackendUnavailableException failure) {
        if (failure instanceof RedisUnavailableException already) {
            return already;
        }
        Reason reason = failure.getCause() instanceof TimeoutException ? Reason.TIMEOUT : Reason.ERROR;
        return new RedisUnavailableException(reason, failure.getMessage(), failure.getCause());
    }

    public Reason reason() {
        return reason;
    }
}
