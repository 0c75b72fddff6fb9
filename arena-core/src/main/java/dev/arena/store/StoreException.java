package dev.arena.store;

import dev.arena.error.ArenaException;
import dev.arena.error.Fault;

/**
 * DuckDB could not be opened, read or written; the message names the file and the cause. Arena's
 * own failure ({@link Fault#INTERNAL}): the server answers 500 and logs it with its stack trace.
 */
public class StoreException extends ArenaException {

    public StoreException(String message, Throwable cause) {
        super(Fault.INTERNAL, message, cause);
    }
}
