package dev.arena.server;

/**
 * A request the server answers with a JSON error ({@code {"error": code, "detail": …}}); thrown by
 * endpoints and translated once, in {@link Router}.
 */
final class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    ApiException(int status, String code, String detail) {
        super(detail);
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
}
