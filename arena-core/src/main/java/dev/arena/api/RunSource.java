package dev.arena.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a run view comes from: {@code live} (the broker holds it) or {@code archive} (only the store has it). */
public enum RunSource {
    LIVE, ARCHIVE;

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
