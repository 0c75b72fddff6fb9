package dev.arena.error;

import java.util.Objects;

/**
 * A backend Arena depends on — Redis, the broker, the Arena server a diagnostic talks to — could not
 * be used: it did not answer in time, refused, or failed. {@link Fault#UNAVAILABLE}: the server
 * answers 503 with a JSON error whose detail names the backend, the CLI exits 3. The message says
 * what failed and what to check, with URLs masked and never a password; the cause is chained.
 */
public class BackendUnavailableException extends ArenaException {

    private final String backend;

    /**
     * @param backend what could not be used, as shown to a person ({@code "Redis"}, {@code "the broker"})
     * @param message what failed and what to do; prefixed with {@code backend} unless it contains it
     */
    public BackendUnavailableException(String backend, String message, Throwable cause) {
        super(Fault.UNAVAILABLE, named(backend, message), cause);
        this.backend = backend;
    }

    /** What could not be used, e.g. {@code "Redis"}. */
    public String backend() {
        return backend;
    }

    private static String named(String backend, String message) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(message, "message");
        return message.contains(backend) ? message : backend + ": " + message;
    }
}
