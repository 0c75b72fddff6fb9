package dev.arena.wire;

/** Where a fork task is in its life: {@code running} until it ends {@code done}, {@code failed} or {@code cancelled}. */
public enum ForkState implements WireEnum {
    RUNNING,
    DONE,
    FAILED,
    CANCELLED;

    /** The wire name, so that text built from this value reads as the API does. */
    @Override
    public String toString() {
        return wireName();
    }
}
