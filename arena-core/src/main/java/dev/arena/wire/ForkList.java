package dev.arena.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code GET /debug/forks}: every fork task, stuck first, then newest. */
public record ForkList(@JsonProperty("forks") List<ForkTaskView> forks) {

    public ForkList {
        forks = forks == null ? List.of() : List.copyOf(forks);
    }
}
