package dev.arena.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a request body of bounded size, and turns a body the client failed to deliver into the
 * client's error rather than a server failure: cut off before its declared length → 400, stalled
 * until the idle timeout → 408, malformed chunking → 400. Each such failure is logged as one WARN
 * line naming the request and the peer, without a stack trace, since it is no bug in the server.
 */
final class BodyReader {

    private static final Logger LOG = LoggerFactory.getLogger(BodyReader.class);

    private BodyReader() {}

    /**
     * Up to {@code limit + 1} bytes of the body (one more than allowed, so the caller can tell an
     * oversized body).
     *
     * @throws ApiException 400 or 408 when the client did not deliver the body
     */
    static byte[] read(Request request, int limit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (InputStream in = Request.asInputStream(request)) {
            while (out.size() <= limit) {
                int n = in.read(buffer, 0, Math.min(buffer.length, limit + 1 - out.size()));
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException | HttpException.RuntimeException failure) {
            throw notDelivered(request, out.size(), failure);
        }
        return out.toByteArray();
    }

    private static ApiException notDelivered(Request request, int received, Exception failure) {
        long declared = request.getLength();
        String progress = "after " + received + (declared >= 0 ? " of " + declared : "") + " bytes";
        ApiException answer;
        if (causedBy(failure, TimeoutException.class)) {
            answer = new ApiException(
                    408,
                    "request_timeout",
                    "the request body stalled " + progress
                            + ": nothing more arrived before the idle timeout; send the whole body without pausing");
        } else if (causedBy(failure, EofException.class)) {
            answer = ApiException.badRequest(
                    declared >= 0
                            ? "the request body was cut off " + progress
                                    + ": the client closed the connection before sending all of it"
                            : "the chunked request body was malformed or cut off " + progress);
        } else if (failure instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
            answer = new ApiException(
                    http.getCode(),
                    http.getCode() == 408 ? "request_timeout" : "bad_request",
                    "the request body could not be read " + progress + ": " + http.getReason());
        } else {
            answer = ApiException.badRequest(
                    "the request body could not be read " + progress + ": " + failure.getMessage());
        }
        LOG.warn(
                "{} {} from {}: {} {}",
                request.getMethod(),
                Exchange.shown(Request.getPathInContext(request)),
                request.getConnectionMetaData().getRemoteSocketAddress(),
                answer.status(),
                answer.getMessage());
        return answer;
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
