package dev.arena.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.arena.broker.RunId;
import dev.arena.json.Json;
import dev.arena.wire.ErrorBody;
import dev.arena.wire.WireJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * One request/response pair as endpoints see it: path segments, validated query and body input,
 * and JSON answers. Completing the answer completes Jetty's callback; an endpoint that streams
 * (SSE) takes the raw parts instead.
 */
final class Exchange {

    static final int MAX_BODY_BYTES = 64 * 1024;

    /** Request bodies are read strictly: no key twice in an object (docs/api.md, "Conventions"). */
    private static final ObjectReader STRICT_BODY =
            Json.mapper().reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final List<String> segments;
    private Fields query;

    Exchange(Request request, Response response, Callback callback, List<String> segments) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.segments = segments;
    }

    Request request() {
        return request;
    }

    Response response() {
        return response;
    }

    Callback callback() {
        return callback;
    }

    /** Path segment {@code i} (0-based), e.g. the {@code {id}} of {@code /runs/{id}}. */
    String segment(int i) {
        return segments.get(i);
    }

    /** A run id from path segment {@code i}; 400 naming the value when it is not a run id. */
    RunId runIdSegment(int i) {
        return parseRunId(segment(i), "path");
    }

    String header(HttpHeader name) {
        return request.getHeaders().get(name);
    }

    String header(String name) {
        return request.getHeaders().get(name);
    }

    /** A query parameter's value, or null when absent; 400 when it is given more than once. */
    String query(String name) {
        if (query == null) {
            try {
                query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                throw ApiException.badRequest("malformed query string: " + e.getMessage());
            }
        }
        Fields.Field field = query.get(name);
        if (field == null) {
            return null;
        }
        if (field.getValues().size() > 1) {
            throw ApiException.badRequest("query parameter " + name + " is given more than once");
        }
        return StrictInput.printable(field.getValue(), "query parameter " + name);
    }

    /** A query parameter parsed as a long in [{@code min}, {@code max}], or {@code fallback} when absent. */
    long queryLong(String name, long fallback, long min, long max) {
        String raw = query(name);
        if (raw == null) {
            return fallback;
        }
        return parseLong(raw, "query parameter " + name, min, max);
    }

    /** {@code raw} as a decimal integer in [{@code min}, {@code max}], strictly (see {@link StrictInput#decimal}). */
    static long parseLong(String raw, String what, long min, long max) {
        return StrictInput.decimal(raw, what, min, max);
    }

    static RunId parseRunId(String raw, String where) {
        try {
            return RunId.parse(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage() + " (in the " + where + ")");
        }
    }

    /**
     * The request body as a JSON object; null when the body is empty and {@code required} is false.
     * 413 over {@link #MAX_BODY_BYTES}; 400 for malformed JSON or a non-object; 400 or 408 for a
     * body the client cut off or stalled ({@link BodyReader}).
     */
    JsonNode jsonBody(boolean required) throws IOException {
        long declared = request.getLength();
        if (declared > MAX_BODY_BYTES) {
            throw tooLarge(declared);
        }
        byte[] bytes = BodyReader.read(request, MAX_BODY_BYTES);
        if (bytes.length > MAX_BODY_BYTES) {
            throw tooLarge(-1);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            if (required) {
                throw ApiException.badRequest("request body is empty: expected a JSON object");
            }
            return null;
        }
        JsonNode node;
        try (JsonParser parser = STRICT_BODY.createParser(text)) {
            node = STRICT_BODY.readTree(parser);
            refuseTrailing(parser);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed JSON body: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("request body must be a JSON object, got "
                    + (node == null ? "nothing" : node.getNodeType().name().toLowerCase()));
        }
        return node;
    }

    /** Anything but white space after the body's one JSON value is 400, whether or not it would parse. */
    private static void refuseTrailing(JsonParser parser) throws IOException {
        JsonLocation end = parser.currentLocation();
        boolean trailing;
        try {
            trailing = parser.nextToken() != null;
        } catch (JsonProcessingException unparsable) {
            trailing = true;
        }
        if (trailing) {
            throw ApiException.badRequest("malformed JSON body: trailing content after the JSON value (at character "
                    + (end.getCharOffset() + 1) + "): send exactly one JSON object");
        }
    }

    private static ApiException tooLarge(long declared) {
        return new ApiException(
                413,
                "payload_too_large",
                "request body " + (declared > 0 ? "of " + declared + " bytes " : "") + "is over the limit of "
                        + MAX_BODY_BYTES + " bytes");
    }

    /** Answers {@code status} with a wire record (docs/api.md) as JSON and completes the exchange. */
    void json(int status, Record body) {
        send(status, WireJson.write(body));
    }

    /** Answers {@code status} with a JSON array of wire records (docs/api.md) and completes the exchange. */
    void json(int status, List<? extends Record> body) {
        send(status, WireJson.write(body));
    }

    /** Answers {@code status} with JSON text as it is (a peer's answer relayed unchanged) and completes the exchange. */
    void send(int status, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    /** Answers {@code status} with {@code body} of {@code contentType} (a page, a script) and completes the exchange. */
    void bytes(int status, String contentType, ByteBuffer body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.write(true, body, callback);
    }

    /** Answers a JSON error and completes the exchange. */
    void error(int status, String code, String detail) {
        json(status, new ErrorBody(code, detail));
    }

    /** Answers {@code status} with no body. */
    void empty(int status) {
        response.setStatus(status);
        response.write(true, null, callback);
    }

    static String shown(String raw) {
        String s = raw.replaceAll("\\p{Cntrl}", "?");
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
