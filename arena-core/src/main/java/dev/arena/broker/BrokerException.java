package dev.arena.broker;

import dev.arena.error.ArenaException;
import dev.arena.error.Fault;

/**
 * The broker's family of {@link ArenaException}: the backend is unreachable or failed
 * ({@link Fault#UNAVAILABLE}) unless a subclass says the caller is at fault (an unknown or closed
 * run, an oversized event). Translated once at each edge (HTTP status in the server, exit code in
 * the CLI).
 */
public class BrokerException extends ArenaException {

    public BrokerException(String message) {
        super(Fault.UNAVAILABLE, message);
    }

    public BrokerException(String message, Throwable cause) {
        super(Fault.UNAVAILABLE, message, cause);
    }

    /** For subclasses whose failure is not the backend's. */
    protected BrokerException(Fault fault, String message) {
        super(fault, message);
    }
}
