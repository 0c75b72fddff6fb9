package dev.arena.broker;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.arena.wire.WireTime;
import java.time.Instant;

/**
 * Writes an envelope's JSON text from its fixed field layout: one call per publish, where a Jackson generator costs
 * more than the rest of the publish together (a generator, its context and buffers, a synchronised
 * {@code StringWriter} and a copy). Only the skeleton is literal text — compact, fixed field order; every string
 * value is escaped by Jackson's {@link JsonStringEncoder}, the escaping its generators use, and the payload is the
 * event's JSON as it is. {@code EnvelopeJsonTest} pins the result against Jackson's generator character for
 * character. Stateless and thread-safe.
 */
final class EnvelopeJson {

    private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

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

    /** {@code s} as a JSON string literal, escaped by Jackson's own encoder (the table its generators use). */
    static void string(StringBuilder out, String s) {
        out.append('"');
        ENCODER.quoteAsString(s, out);
        out.append('"');
    }
}
