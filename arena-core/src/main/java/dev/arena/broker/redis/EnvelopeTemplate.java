package dev.arena.broker.redis;

import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.RunId;
import java.time.Instant;

/**
 * An envelope split around its {@code seq}, so the publish script or a direct append can assemble the exact bytes
 * the in-process backend would produce once the seq is known: {@link #prefix} (the same for every event of a run) +
 * seq + {@link #suffix}. Both halves come from {@link Envelope}'s own writer, so both backends share one serialiser.
 */
final class EnvelopeTemplate {

    private EnvelopeTemplate() {}

    /** {@code {"schema_version":"1","run_id":"<id>","seq":} — everything before the seq digits. */
    static String prefix(RunId run) {
        return Envelope.headFor(run);
    }

    /** Everything after the seq digits, starting with {@code ,"kind":}. */
    static String suffix(Event event, Instant ts) {
        return Envelope.tailFor(event, ts);
    }
}
