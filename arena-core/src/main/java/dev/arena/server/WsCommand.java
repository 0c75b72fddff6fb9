package dev.arena.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.RunId;
import dev.arena.json.Json;
import java.util.Iterator;
import java.util.Set;

/**
 * One client → server WebSocket message (docs/api.md, "WebSocket"), read strictly: a JSON object
 * with a {@code type} of {@code subscribe} or {@code unsubscribe}, only the fields that type takes,
 * and the same canonical numbers as the query parameters of {@code /events}. Anything else is a 400
 * {@link ApiException} whose message says what is wrong, sent back as an {@code error} frame.
 *
 * @param run    the run, or null for the {@code runs: live} feed
 * @param start  the first seq to deliver ({@code last_event_id + 1}, or {@code from_seq}, default 1)
 * @param resume the client asked for a position (its stream then opens with {@code resumed})
 * @param token  the new reader token of an {@code auth} message, else null (never shown by {@link #toString})
 */
record WsCommand(Kind kind, RunId run, long start, boolean resume, String token) {

    enum Kind {
        SUBSCRIBE,
        UNSUBSCRIBE,
        LIVE,
        AUTH
    }

    WsCommand(Kind kind, RunId run, long start, boolean resume) {
        this(kind, run, start, resume, null);
    }

    @Override
    public String toString() {
        return "WsCommand[" + kind + (run == null ? "" : " " + run) + (token == null ? "" : " token=***") + "]";
    }

    private static final String EXAMPLE = "{\"type\":\"subscribe\",\"run_id\":\"<run id>\",\"last_event_id\":41}";
    private static final Set<String> SUBSCRIBE_FIELDS = Set.of("type", "run_id", "last_event_id", "from_seq");

    static WsCommand parse(String text) {
        JsonNode node;
        try {
            node = Json.parse(text);
        } catch (RuntimeException e) {
            throw ApiException.badRequest(
                    "the message is not JSON: send one JSON object per text frame, e.g. " + EXAMPLE);
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("the message is not a JSON object: send e.g. " + EXAMPLE);
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            throw ApiException.badRequest("the message has no \"type\" string: use \"subscribe\" or \"unsubscribe\"");
        }
        switch (type.asText()) {
            case "subscribe" -> {
                if (node.has("runs")) {
                    only(node, Set.of("type", "runs"), "subscribe to the live feed");
                    JsonNode runs = node.get("runs");
                    if (!runs.isTextual() || !runs.asText().equals("live")) {
                        throw ApiException.badRequest("\"runs\" takes only \"live\" (run opened/ended notices)");
                    }
                    return new WsCommand(Kind.LIVE, null, 0, false);
                }
                only(node, SUBSCRIBE_FIELDS, "subscribe");
                RunId run = runId(node);
                if (node.has("last_event_id") && node.has("from_seq")) {
                    throw ApiException.badRequest("give last_event_id or from_seq, not both");
                }
                if (node.has("last_event_id")) {
                    return new WsCommand(
                            Kind.SUBSCRIBE, run, number(node, "last_event_id", 0, Long.MAX_VALUE - 1) + 1, true);
                }
                if (node.has("from_seq")) {
                    return new WsCommand(Kind.SUBSCRIBE, run, number(node, "from_seq", 1, Long.MAX_VALUE), true);
                }
                return new WsCommand(Kind.SUBSCRIBE, run, 1, false);
            }
            case "auth" -> {
                only(node, Set.of("type", "token"), "auth");
                JsonNode token = node.get("token");
                if (token == null || !token.isTextual() || token.asText().isBlank()) {
                    throw ApiException.badRequest(
                            "\"token\" (a string) is required: {\"type\":\"auth\",\"token\":\"<JWT>\"}");
                }
                return new WsCommand(Kind.AUTH, null, 0, false, token.asText());
            }
            case "unsubscribe" -> {
                only(node, Set.of("type", "run_id"), "unsubscribe");
                return new WsCommand(Kind.UNSUBSCRIBE, runId(node), 0, false);
            }
            default ->
                throw new ApiException(
                        400,
                        "unknown_type",
                        "unknown message type '" + Exchange.shown(type.asText())
                                + "': use \"subscribe\", \"unsubscribe\" or \"auth\" (see docs/api.md, WebSocket)");
        }
    }

    private static void only(JsonNode node, Set<String> allowed, String what) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("unknown field '" + Exchange.shown(name) + "' in " + what + ": it takes "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private static RunId runId(JsonNode node) {
        JsonNode run = node.get("run_id");
        if (run == null || !run.isTextual()) {
            throw ApiException.badRequest("\"run_id\" (a string) is required, e.g. " + EXAMPLE);
        }
        return Exchange.parseRunId(run.asText(), "run_id");
    }

    private static long number(JsonNode node, String field, long min, long max) {
        JsonNode n = node.get(field);
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw ApiException.badRequest("\"" + field + "\" must be an integer " + min + ".." + max + ", got "
                    + Exchange.shown(n.toString()));
        }
        long v = n.asLong();
        if (v < min || v > max) {
            throw ApiException.badRequest(
                    "\"" + field + "\" " + v + " is out of range (expected " + min + ".." + max + ")");
        }
        return v;
    }
}
