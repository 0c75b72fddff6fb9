package dev.arena.error;

/**
 * Whose fault a failure is, which decides how each edge answers it. Only the caller's faults
 * ({@link #INPUT}, {@link #NOT_FOUND}) become HTTP 4xx; the CLI exits 3 (UNKNOWN) for every fault.
 */
public enum Fault {
    /** The caller asked for something malformed or not allowed: HTTP 400, exit 3. */
    INPUT,
    /** The caller named something that does not exist: HTTP 404, exit 3. */
    NOT_FOUND,
    /** The operator's configuration cannot be used: the process refuses to start, exit 3. */
    CONFIGURATION,
    /** A backend (Redis, the Arena server) is unreachable or failed: HTTP 503, exit 3. */
    UNAVAILABLE,
    /** Arena itself failed (the store could not be written, a broken invariant): HTTP 500 logged with its stack trace, exit 3. */
    INTERNAL;

    /** True when the caller can fix it by asking differently (the 4xx faults). */
    public boolean callersFault() {
        return this == INPUT || this == NOT_FOUND;
    }
}
