package dev.arena.server;

import dev.arena.error.ArenaException;
import dev.arena.error.Fault;

/**
 * A request the server answers with a JSON error ({@code {"error": code, "detail": …}}) and the
 * exact status given here; thrown by endpoints and translated once, in {@link Router}. Its
 * {@link Fault} follows the status: 404 {@link Fault#NOT_FOUND}, other 4xx {@link Fault#INPUT},
 * 503 {@link Fault#UNAVAILABLE}, any other 5xx {@link Fault#INTERNAL}.
 */
final class ApiException extends ArenaException {

    private final int status;
    private final String code;

    ApiException(int status, String code, String detail) {
        super(faultOf(status), detail);
        this.status = status;
        this.code = code;
    }

    static ApiException badRequest(String detail) {
        return new ApiException(400, "bad_request", detail);
    }

    static ApiException notFound(String detail) {
        return new ApiException(404, "not_found", detail);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    private static Fault faultOf(int status) {
        if (status == 404) {
            return Fault.NOT_FOUND;
        }
        if (status >= 400 && status < 500) {
            return Fault.INPUT;
        }
        return status == 503 ? Fault.UNAVAILABLE : Fault.INTERNAL;
    }
}
