package dev.arena.wire;

/**
 * How a running fork task is doing, judged from its worker's stack (docs/api.md, "ForkTask"):
 * {@code progressing} (progress within the stuck-after), {@code slow} (idle past the stuck-after but its stack
 * moves between samples, or has not yet been seen the same twice) or {@code stuck} (idle past the stuck-after
 * and the same stack across two samples taken over the idle window). Ended tasks have none.
 */
public enum ForkLiveness implements WireEnum {
    PROGRESSING,
    SLOW,
    STUCK;

    /** The wire name, so that text built from this value reads as the API does. */
    @Override
    public String toString() {
        return wireName();
    }
}
