package dev.arena.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which event broker a server runs on, as {@code /health} and {@code /metrics} name it. */
public enum Backend {
    INPROCESS, REDIS,
    /** The null broker ({@code "null"}): publishing goes nowhere. */
    NULL;

    /** The lower-case wire name, e.g. {@code redis}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The wire name, so that text built from this value reads as the API does. */
    @Override
    public String toString() {
        return wireName();
    }

    /** Parses a wire name such as {@code inprocess}; throws {@link IllegalArgumentException} naming it otherwise. */
    public static Backend fromWire(String name) {
        for (Backend b : values()) {
            if (b.wireName().equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown backend '" + name + "': expected inprocess, redis or null");
    }
}
