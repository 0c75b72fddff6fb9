package dev.arena.store;

import dev.arena.error.BackendUnavailableException;

/**
 * The store could not be reached (PostgreSQL down, refusing connections, or no pooled connection within the pool's
 * timeout), as opposed to a query it answered with an error ({@link StoreException}). A dependency that is away, not
 * a bug: the server answers 503 naming the store, with {@code Retry-After}; the CLI exits 3. The message names the
 * masked location, never a password.
 */
public class StoreUnavailableException extends BackendUnavailableException {

    /** What {@link #backend()} says: the dependency as a person reads it. */
    public static final String STORE = "the store";

    public StoreUnavailableException(String message, Throwable cause) {
        super(STORE, message, cause);
    }
}
