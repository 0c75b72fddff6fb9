package dev.arena.broker;

import dev.arena.json.Json;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a producer publishes: a kind, an optional phase and correlation id, and a JSON-object
 * payload. The payload is frozen to JSON text when the event is built, so a caller mutating its
 * map afterwards cannot change what was published, and republishing one event costs no
 * serialisation. Immutable and thread-safe.
 */
public final class Event {

    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*");

    private final String kind;
    private final String phase;
    private final String correlationId;
    private final String payloadJson;
    private final int templateBytes;

    private Event(String kind, String phase, String correlationId, String payloadJson) {
        this.kind = kind;
        this.phase = phase;
        this.correlationId = correlationId;
        this.payloadJson = payloadJson;
        this.templateBytes = Envelope.templateSize(this);
    }

    /**
     * An event with a best-effort JSON-object payload (see {@link Json#bestEffortObject}).
     *
     * @throws IllegalArgumentException if {@code kind} is not dotted lower_case
     */
    public static Event of(String kind, Object payload) {
        return new Event(
                requireKind(kind), null, null, Json.bestEffortObject(payload).toString());
    }

    /** An event with an empty payload. */
    public static Event of(String kind) {
        return new Event(requireKind(kind), null, null, "{}");
    }

    /** A copy carrying {@code phase} (null removes it). */
    public Event withPhase(String phase) {
        return new Event(kind, phase, correlationId, payloadJson);
    }

    /** A copy carrying {@code correlationId} (null removes it). */
    public Event withCorrelationId(String correlationId) {
        return new Event(kind, phase, correlationId, payloadJson);
    }

    public String kind() {
        return kind;
    }

    /** The phase, or null. */
    public String phase() {
        return phase;
    }

    /** The correlation id, or null. */
    public String correlationId() {
        return correlationId;
    }

    /** The payload as compact JSON object text. */
    public String payloadJson() {
        return payloadJson;
    }

    /** Exact UTF-8 size of this event's envelope for a seq of one digit; see {@link Envelope#sizeFor}. */
    int templateBytes() {
        return templateBytes;
    }

    /** True for the kinds that end a run. */
    public boolean isTerminal() {
        return RunOutcome.fromKind(kind) != null;
    }

    static String requireKind(String kind) {
        Objects.requireNonNull(kind, "kind");
        if (!KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("invalid event kind '" + RunId.abbreviate(kind)
                    + "': kinds are dotted lower_case such as agent.signal or run.complete");
        }
        return kind;
    }

    @Override
    public String toString() {
        return "Event[" + kind + (phase == null ? "" : ", phase=" + phase) + "]";
    }
}
