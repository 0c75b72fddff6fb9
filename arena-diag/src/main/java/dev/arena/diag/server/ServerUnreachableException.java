package dev.arena.diag.server;

import dev.arena.diag.DiagException;

/** The server did not answer at all (refused, timed out, DNS): diagnostics report UNKNOWN. */
public final class ServerUnreachableException extends DiagException {

    public ServerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
