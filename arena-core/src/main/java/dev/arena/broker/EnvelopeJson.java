package dev.arena.broker;

import dev.arena.wire.WireTime;
import java.time.Instant;

/**
 * Writes an envelope's JSON text by hand: one call per publish, where a Jackson generator costs more than the rest of
 * the publish together (a generator, its context and buffers, a synchronised {@code StringWriter} and a copy). The
 * text is character for character what Jackson writes for the same fields: compact, fixed field order, and strings
 * escaped as its generator escapes them with the shared mapper's settings (a backslash before a quote or a backslash,
 * the short escapes for backspace, tab, newline, form feed and carriage return, a six-character unicode escape in
 * upper-case hex for the other control characters below U+0020, everything else as it is). {@code EnvelopeJsonTest}
 * pins that against Jackson itself. Stateless and thread-safe.
 */
final class EnvelopeJson {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private EnvelopeJson() {}

    /** The whole envelope: {@link #head} with the seq digits, then {@link #tail}. */
    static String write(
            RunId runId, long seq, String kind, Instant ts, String phase, String correlationId, String payloadJson) {
        StringBuilder out = new StringBuilder(160 + kind.length() + payloadJson.length());
        head(out, runId);
        out.append(seq);
        tail(out, kind, ts, phase, correlationId, payloadJson);
        return out.toString();
    }

    /** {@code {"schema_version":"1","run_id":"<id>","seq":} — everything before the seq digits. */
    static void head(StringBuilder out, RunId runId) {
        out.append("{\"schema_version\":");
        string(out, Envelope.SCHEMA_VERSION);
        out.append(",\"run_id\":");
        string(out, runId.value());
        out.append(",\"seq\":");
    }

    /** Everything after the seq digits, from {@code ,"kind":} to the closing brace. */
    static void tail(StringBuilder out, String kind, Instant ts, String phase, String correlationId, String payload) {
        out.append(",\"kind\":");
        string(out, kind);
        out.append(",\"ts\":\"");
        WireTime.append(out, ts);
        out.append('"');
        if (phase != null) {
            out.append(",\"phase\":");
            string(out, phase);
        }
        if (correlationId != null) {
            out.append(",\"correlation_id\":");
            string(out, correlationId);
        }
        out.append(",\"payload\":").append(payload).append('}');
    }

    /** {@code s} as a JSON string literal, escaped as Jackson's generator escapes it. */
    static void string(StringBuilder out, String s) {
        out.append('"');
        int from = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, from, i);
            from = i + 1;
            out.append('\\');
            switch (c) {
                case '"', '\\' -> out.append(c);
                case '\b' -> out.append('b');
                case '\t' -> out.append('t');
                case '\n' -> out.append('n');
                case '\f' -> out.append('f');
                case '\r' -> out.append('r');
                default -> out.append("u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        out.append(s, from, n).append('"');
    }
}
