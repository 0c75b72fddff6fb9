package dev.arena.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.config.Secrets;
import java.util.Locale;

/**
 * The free-text {@code reason} of {@code POST /admin/runs/{id}/reap}, made safe before anything
 * logs, audits, publishes ({@code run.reaped} is readable by anyone through {@code /events}) or
 * stores it: at most {@value #MAX_CHARS} characters, every known secret (admin token, Redis
 * password) replaced by {@code ***}, control characters (line breaks, NUL) replaced by spaces so
 * a reason cannot forge log lines.
 */
final class ReapReason {

    static final int MAX_CHARS = 500;
    static final String DEFAULT = "reaped by an operator through the server's admin endpoint";

    private ReapReason() {}

    /** The reason of {@code body} (or {@link #DEFAULT} when it has none), cleaned; a bad one is a 400. */
    static String from(JsonNode body, String... secrets) {
        if (body == null || !body.has("reason") || body.get("reason").isNull()) {
            return DEFAULT;
        }
        JsonNode r = body.get("reason");
        if (!r.isTextual()) {
            throw ApiException.badRequest("field reason must be a string (at most " + MAX_CHARS + " characters), got "
                    + r.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
        String text = r.asText();
        if (text.length() > MAX_CHARS) {
            throw ApiException.badRequest(
                    "field reason must be at most " + MAX_CHARS + " characters, got " + text.length() + ": shorten it");
        }
        String clean = withoutControls(Secrets.scrub(text, secrets)).strip();
        return clean.isEmpty() ? DEFAULT : clean;
    }

    private static String withoutControls(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return out.toString();
    }
}
