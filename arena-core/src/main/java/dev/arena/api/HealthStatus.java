package dev.arena.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** {@code /health}'s verdict: {@code ok} (200) or {@code degraded} (503: the broker or the store failed a check). */
public enum HealthStatus {
    OK, DEGRADED;

    /** The lower-case wire name. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The wire name, so that text built from this value reads as the API does. */
    @Override
    public String toString() {
        return wireName();
    }
}
