package dev.arena.broker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.json.Json;
import dev.arena.wire.WireTime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One published event as every reader sees it. Its JSON form is the envelope of docs/design.md, "Wire formats", built
 * the same way by both backends, so two envelopes of equal content are byte-identical apart from
 * {@code ts}. Immutable and thread-safe; the JSON text is computed once on first use.
 */
public final class Envelope {

    public static final String SCHEMA_VERSION = "1";

    private static final JsonFactory FACTORY = Json.mapper().getFactory();
    private static final RunId TEMPLATE_RUN = RunId.parse("00000000-0000-0000-0000-000000000000");
    private static final Instant TEMPLATE_TS = Instant.parse("2000-01-01T00:00:00Z");

    private final RunId runId;
    private final long seq;
    private final String kind;
    private final Instant ts;
    private final String phase;
    private final String correlationId;
    /** The payload as canonical JSON text; for a parsed envelope made from {@code payloadText} on first use. */
    private volatile String payloadJson;
    /** A parsed envelope's payload exactly as it was spelled in its JSON text, or null. */
    private final String payloadText;

    private volatile String json;

    private Envelope(
            RunId runId,
            long seq,
            String kind,
            Instant ts,
            String phase,
            String correlationId,
            String payloadJson,
            String payloadText,
            String json) {
        this.runId = runId;
        this.seq = seq;
        this.kind = kind;
        this.ts = ts;
        this.phase = phase;
        this.correlationId = correlationId;
        this.payloadJson = payloadJson;
        this.payloadText = payloadText;
        this.json = json;
    }

    /** The envelope a backend stores for {@code event} at {@code seq}; {@code ts} is truncated to micros. */
    public static Envelope of(RunId runId, long seq, Event event, Instant ts) {
        return new Envelope(
                runId,
                seq,
                event.kind(),
                ts.truncatedTo(ChronoUnit.MICROS),
                event.phase(),
                event.correlationId(),
                event.payloadJson(),
                null,
                null);
    }

    /**
     * Parses the wire form, keeping the exact text so re-serialising yields the same bytes.
     *
     * @throws IllegalArgumentException naming what is missing or malformed
     */
    public static Envelope parse(String json) {
        Envelope fast = parseWellFormed(json);
        return fast != null ? fast : parseTree(json);
    }

    /**
     * The envelope in {@code json} read with the streaming parser when it has the shape every backend writes (string
     * fields, an integer seq, an object or null payload, nothing after it), else null: then {@link #parseTree} reads
     * it, or names what is wrong. The payload is kept as spelled and made canonical only when asked for — the read
     * paths (archiving, SSE from the store) only need the text as a whole.
     */
    private static Envelope parseWellFormed(String json) {
        String run = null;
        long seq = 0;
        boolean hasSeq = false;
        String kind = null;
        String ts = null;
        String phase = null;
        String correlationId = null;
        String payload = "{}";
        String payloadText = null;
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "run_id", "kind", "ts" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        switch (field) {
                            case "run_id" -> run = p.getText();
                            case "kind" -> kind = p.getText();
                            default -> ts = p.getText();
                        }
                    }
                    case "phase", "correlation_id" -> {
                        String text;
                        if (value == JsonToken.VALUE_STRING) {
                            text = p.getText();
                        } else if (value == JsonToken.VALUE_NULL) {
                            text = null;
                        } else {
                            return null;
                        }
                        if (field.equals("phase")) {
                            phase = text;
                        } else {
                            correlationId = text;
                        }
                    }
                    case "seq" -> {
                        if (value != JsonToken.VALUE_NUMBER_INT
                                || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                            return null;
                        }
                        seq = p.getLongValue();
                        hasSeq = true;
                    }
                    case "payload" -> {
                        if (value == JsonToken.VALUE_NULL) {
                            payload = "{}";
                            payloadText = null;
                        } else if (value == JsonToken.START_OBJECT) {
                            long start = p.currentTokenLocation().getCharOffset();
                            p.skipChildren();
                            long end = p.currentTokenLocation().getCharOffset();
                            if (start < 0 || end < start) {
                                return null;
                            }
                            payload = null;
                            payloadText = json.substring((int) start, (int) end + 1);
                        } else {
                            return null;
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (run == null || !hasSeq || kind == null || ts == null || p.nextToken() != null) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            return null; // the tree parser says what is wrong
        }
        return new Envelope(
                RunId.parse(run), seq, kind, WireTime.parse(ts), phase, correlationId, payload, payloadText, json);
    }

    private static Envelope parseTree(String json) {
        JsonNode node = Json.parse(json);
        if (!node.isObject()) {
            throw new IllegalArgumentException("envelope is not a JSON object");
        }
        RunId run = RunId.parse(text(node, "run_id", true));
        JsonNode seqNode = node.get("seq");
        if (seqNode == null || !seqNode.canConvertToLong()) {
            throw new IllegalArgumentException("envelope has no integer seq");
        }
        String kind = text(node, "kind", true);
        Instant ts = Instant.parse(text(node, "ts", true));
        JsonNode payload = node.get("payload");
        String payloadJson = payload == null || payload.isNull() ? "{}" : payload.toString();
        return new Envelope(
                run,
                seqNode.asLong(),
                kind,
                ts,
                text(node, "phase", false),
                text(node, "correlation_id", false),
                payloadJson,
                null,
                json);
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException("envelope has no " + field);
            }
            return null;
        }
        return value.asText();
    }

    public RunId runId() {
        return runId;
    }

    public long seq() {
        return seq;
    }

    public String kind() {
        return kind;
    }

    public Instant ts() {
        return ts;
    }

    /** The phase, or null. */
    public String phase() {
        return phase;
    }

    /** The correlation id, or null. */
    public String correlationId() {
        return correlationId;
    }

    /** The payload as JSON object text. */
    public String payloadJson() {
        String p = payloadJson;
        if (p == null) {
            p = Json.parse(payloadText).toString();
            payloadJson = p;
        }
        return p;
    }

    /** The payload parsed (a fresh tree on each call). */
    public JsonNode payload() {
        return Json.parse(payloadJson());
    }

    /** True for {@code run.complete}, {@code run.error}, {@code run.reaped}, {@code run.cancelled}. */
    public boolean isTerminal() {
        return RunOutcome.fromKind(kind) != null;
    }

    /** The event this envelope carries, e.g. to republish it into another run (forks). */
    public Event toEvent() {
        Event event = Event.of(kind, Json.parse(payloadJson()));
        return event.withPhase(phase).withCorrelationId(correlationId);
    }

    /** The wire form (docs/design.md, "Wire formats"): compact JSON, fixed field order. */
    public String toJson() {
        String s = json;
        if (s == null) {
            s = write(runId, seq, kind, ts, phase, correlationId, payloadJson());
            json = s;
        }
        return s;
    }

    /** The UTF-8 size of the wire form of {@code event} at {@code seq}, without building it. */
    public static int sizeFor(Event event, long seq) {
        return event.templateBytes() - 1 + digits(seq);
    }

    /** How many characters {@code Long.toString(v)} has, without building it (once per publish). */
    private static int digits(long v) {
        if (v < 0) {
            return Long.toString(v).length();
        }
        int n = 1;
        for (long limit = 10; n < 19 && v >= limit; limit *= 10) {
            n++;
        }
        return n;
    }

    static int templateSize(Event event) {
        return write(
                        TEMPLATE_RUN,
                        1,
                        event.kind(),
                        TEMPLATE_TS,
                        event.phase(),
                        event.correlationId(),
                        event.payloadJson())
                .getBytes(StandardCharsets.UTF_8)
                .length;
    }

    /**
     * Everything of the wire form before the seq digits, the same for every envelope of {@code run}: for a backend that
     * assigns seqs after the rest was written. {@code headFor(run) + seq + tailFor(event, ts)} is {@link #toJson()} of
     * {@code of(run, seq, event, ts)}.
     */
    public static String headFor(RunId run) {
        StringBuilder out = new StringBuilder(64);
        EnvelopeJson.head(out, run);
        return out.toString();
    }

    /** Everything of the wire form after the seq digits, from {@code ,"kind":}; see {@link #headFor}. */
    public static String tailFor(Event event, Instant ts) {
        StringBuilder out = new StringBuilder(
                96 + event.kind().length() + event.payloadJson().length());
        EnvelopeJson.tail(out, event.kind(), ts, event.phase(), event.correlationId(), event.payloadJson());
        return out.toString();
    }

    /** Formats a timestamp the way envelopes carry it; see {@link WireTime#format}. */
    public static String formatTs(Instant ts) {
        return WireTime.format(ts);
    }

    private static String write(
            RunId runId, long seq, String kind, Instant ts, String phase, String correlationId, String payloadJson) {
        return EnvelopeJson.write(runId, seq, kind, ts, phase, correlationId, payloadJson);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Envelope e
                && e.seq == seq
                && e.runId.equals(runId)
                && e.toJson().equals(toJson());
    }

    @Override
    public int hashCode() {
        return Objects.hash(runId, seq);
    }

    @Override
    public String toString() {
        return toJson();
    }
}
