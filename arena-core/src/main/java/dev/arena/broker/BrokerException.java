package dev.arena.broker;

/**
 * Root of the broker's own failures. Unchecked; translated once at each edge
 * (HTTP status in the server, exit code in the CLI).
 */
public class BrokerException extends RuntimeException {

    public BrokerException(String message) {
        super(message);
    }

    public BrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}
