package dev.arena.error;

import java.util.Objects;

/**
 * The root of every failure Arena throws on purpose. Unchecked; each family (broker, config,
 * store, server input, diagnostics) extends it and declares its {@link Fault}, so an edge maps a
 * failure to an HTTP status or an exit code from {@link #fault()} alone, in one place. Anything
 * that is not an {@code ArenaException} is a bug, answered as such (HTTP 500 logged once with its
 * stack trace). Messages never contain a secret.
 */
public class ArenaException extends RuntimeException {

    private final Fault fault;

    public ArenaException(Fault fault, String message) {
        super(message);
        this.fault = Objects.requireNonNull(fault, "fault");
    }

    public ArenaException(Fault fault, String message, Throwable cause) {
        super(message, cause);
        this.fault = Objects.requireNonNull(fault, "fault");
    }

    /** Whose fault this is; decides the HTTP status and whether the server logs it as a bug. */
    public Fault fault() {
        return fault;
    }
}
