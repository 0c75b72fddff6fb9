package dev.arena.server;

import dev.arena.wire.ErrorBody;
import dev.arena.wire.WireJson;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors (a malformed request line, headers too large, …) answered in the JSON error
 * shape of docs/api.md instead of Jetty's HTML page, each status with its own stable code (505 is
 * {@code http_version_not_supported}, never {@code internal}: the client sent it).
 */
final class JsonErrorHandler implements Request.Handler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() <= 0 ? 500 : response.getStatus();
        Object message = request.getAttribute(ErrorHandler.ERROR_MESSAGE);
        String code = codeOf(status);
        ErrorBody body =
                new ErrorBody(code, detailOf(status, message == null ? "HTTP " + status : String.valueOf(message)));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(WireJson.write(body).getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    /** The stable {@code error} code of docs/api.md, "Errors", for a status Jetty answers by itself. */
    static String codeOf(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 408 -> "request_timeout";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 421 -> "misdirected_request";
            case 426 -> "upgrade_required";
            case 431 -> "headers_too_large";
            case 501 -> "not_implemented";
            case 503 -> "unavailable";
            case 505 -> "http_version_not_supported";
            default -> status >= 500 ? "internal" : "bad_request";
        };
    }

    private static String detailOf(int status, String jettyMessage) {
        return switch (status) {
            case 505 -> "HTTP version not supported (" + jettyMessage + "): use HTTP/1.1 or HTTP/1.0";
            case 426 -> "HTTP/2 is not served (" + jettyMessage + "): use HTTP/1.1";
            case 414 -> "request line too long (" + jettyMessage + "): the server reads at most 8 KiB of it";
            case 431 -> "request headers too large (" + jettyMessage + "): the server reads at most 8 KiB of them";
            default -> jettyMessage;
        };
    }
}
