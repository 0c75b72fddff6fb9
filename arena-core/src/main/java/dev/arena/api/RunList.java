package dev.arena.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code GET /runs}: live and archived runs, newest first. */
public record RunList(@JsonProperty("runs") List<RunSummary> runs) {

    public RunList {
        runs = runs == null ? List.of() : List.copyOf(runs);
    }
}
