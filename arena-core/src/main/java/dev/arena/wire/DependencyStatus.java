package dev.arena.wire;

/** One dependency in {@code /health/ready}: {@code ok}, {@code down}, or {@code not_used} by this server. */
public enum DependencyStatus implements WireEnum {
    OK,
    DOWN,
    NOT_USED;

    @Override
    public String toString() {
        return wireName();
    }
}
