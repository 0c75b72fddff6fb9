package dev.arena.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code data} of the SSE {@code end} frame after a run's terminal event.
 *
 * @param status the run's final status as a wire name, or {@code unknown} for an archived run
 *               persisted without a terminal event (so not a {@link dev.arena.wire.RunStatus})
 */
public record StreamEnd(
        @JsonProperty("run_id") String runId,
        @JsonProperty("last_seq") long lastSeq,
        @JsonProperty("status") String status) {}
