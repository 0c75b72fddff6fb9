package dev.arena.store;

/** DuckDB could not be opened, read or written; the message names the file and the cause. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
