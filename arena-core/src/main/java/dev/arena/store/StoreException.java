package dev.arena.store;

import dev.arena.error.ArenaException;
import dev.arena.error.Fault;

/**
 * The store (a DuckDB file or PostgreSQL) could not be opened, read or written; the message names the (masked)
 * location and the cause, never a password. Arena's own failure ({@link Fault#INTERNAL}): the server answers 500
 * and logs it with its stack trace.
 */
public class StoreException extends ArenaException {

    public StoreException(String message, Throwable cause) {
        super(Fault.INTERNAL, message, cause);
    }
}
