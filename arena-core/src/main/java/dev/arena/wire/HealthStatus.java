package dev.arena.wire;

/** {@code /health}'s verdict: {@code ok} (200) or {@code degraded} (503: the broker or the store failed a check). */
public enum HealthStatus implements WireEnum {
    OK,
    DEGRADED;

    /** The wire name, so that text built from this value reads as the API does. */
    @Override
    public String toString() {
        return wireName();
    }
}
