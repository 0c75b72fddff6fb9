package dev.arena.wire;

/** The two broker backends: {@code inprocess} or {@code redis}, as configured and as {@code /health} and {@code /metrics} report it. */
public enum Backend implements WireEnum {
    INPROCESS,
    REDIS;

    /** Parses a wire name; throws {@link IllegalArgumentException} naming it otherwise. */
    public static Backend fromWire(String name) {
        for (Backend b : values()) {
            if (b.wireName().equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown backend '" + name + "': expected inprocess or redis");
    }
}
