package dev.arena.diag.server;

import dev.arena.diag.DiagException;

/**
 * The server answered with a non-2xx status. Carries the status and the stable {@code error} code
 * of docs/api.md so callers can tell "not found" from "forbidden" without parsing text.
 */
public class ServerErrorException extends DiagException {

    private final int status;
    private final String error;

    public ServerErrorException(int status, String error, String message) {
        super(message);
        this.status = status;
        this.error = error;
    }

    /** The HTTP status, e.g. 404. */
    public int status() {
        return status;
    }

    /** The machine code from the body ({@code not_found}, {@code forbidden}, …), or {@code http_<status>}. */
    public String error() {
        return error;
    }

    /** True for 401/403 from an admin endpoint. */
    public boolean isAuthFailure() {
        return status == 401 || status == 403;
    }
}
