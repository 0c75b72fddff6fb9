package dev.arena.wire;

/** Where a run view comes from: {@code live} (the broker holds it) or {@code archive} (only the store has it). */
public enum RunSource implements WireEnum {
    LIVE,
    ARCHIVE;

    /** The wire name, so that text built from this value reads as the API does. */
    @Override
    public String toString() {
        return wireName();
    }
}
