package dev.arena.diag.redis;

import dev.arena.diag.DiagException;

/**
 * Redis could not be used: unreachable, refused the credentials, or timed out. The message
 * carries only the masked URL and says what to check.
 */
public final class RedisUnavailableException extends DiagException {

    /** Why Redis could not be used. */
    public enum Reason { UNREACHABLE, AUTH_FAILED, TIMEOUT, ERROR }

    private final Reason reason;

    public RedisUnavailableException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
