package dev.arena.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a fork task is in its life: {@code running} until it ends {@code done}, {@code failed} or {@code cancelled}. */
public enum ForkState {
    RUNNING, DONE, FAILED, CANCELLED;

    /** The lower-case wire name, e.g. {@code running}. */
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
