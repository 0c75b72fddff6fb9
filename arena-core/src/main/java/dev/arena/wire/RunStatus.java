package dev.arena.wire;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A run's lifecycle state as {@code /runs} reports it. */
public enum RunStatus {
    RUNNING,
    COMPLETE,
    ERROR,
    REAPED,
    CANCELLED;

    /** The lower-case wire name, e.g. {@code running}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name. */
    public static RunStatus fromWire(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
