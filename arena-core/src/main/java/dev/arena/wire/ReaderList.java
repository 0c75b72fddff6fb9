package dev.arena.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code GET /debug/readers}: every reader connected to the answering server, the furthest behind first.
 *
 * @param fallingBehindAfterSeconds the lag at which a reader counts as falling behind
 */
public record ReaderList(
        @JsonProperty("readers") List<ReaderView> readers,
        @JsonProperty("falling_behind_after_seconds") double fallingBehindAfterSeconds) {

    public ReaderList {
        readers = readers == null ? List.of() : List.copyOf(readers);
    }
}
