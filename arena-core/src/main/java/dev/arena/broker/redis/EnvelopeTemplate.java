package dev.arena.broker.redis;

import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.RunId;
import java.time.Instant;

/**
 * An envelope split around its {@code seq}, so the publish script can assemble the exact bytes
 * the in-process backend would produce once Redis has assigned the seq: {@link #prefix} (the same
 * for every event of a run) + seq + {@link #suffix}. Built from {@link Envelope#toJson()} itself,
 * so both backends share one serialiser.
 */
final class EnvelopeTemplate {

    private EnvelopeTemplate() {}

    /** {@code {"schema_version":"1","run_id":"<id>","seq":} — everything before the seq digits. */
    static String prefix(RunId run) {
        return "{\"schema_version\":\"" + Envelope.SCHEMA_VERSION + "\",\"run_id\":\"" + run.value() + "\",\"seq\":";
    }

    /**
     * Everything after the seq digits, starting with {@code ,"kind":}; {@code prefix} is
     * {@link #prefix}{@code (run)}, passed in so it is built once per run.
     *
     * @throws IllegalStateException if the envelope layout no longer starts with the prefix
     */
    static String suffix(String prefix, RunId run, Event event, Instant ts) {
        String json = Envelope.of(run, 1, event, ts).toJson();
        if (!json.startsWith(prefix)
                || json.charAt(prefix.length()) != '1'
                || json.charAt(prefix.length() + 1) != ',') {
            throw new IllegalStateException(
                    "envelope layout changed; the Redis publish template expects it to start with " + prefix
                            + "<seq>, but got " + json.substring(0, Math.min(json.length(), prefix.length() + 8)));
        }
        return json.substring(prefix.length() + 1);
    }
}
