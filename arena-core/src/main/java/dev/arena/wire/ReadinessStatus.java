package dev.arena.wire;

/**
 * {@code /health/ready}'s verdict: {@code ready} (200), {@code degraded} (200: the store or the registry is away,
 * live streams still flow) or {@code unavailable} (503: the broker is away).
 */
public enum ReadinessStatus implements WireEnum {
    READY,
    DEGRADED,
    UNAVAILABLE;

    @Override
    public String toString() {
        return wireName();
    }
}
