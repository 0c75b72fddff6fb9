package dev.arena.wire;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One row of {@code GET /runs}: a live or archived run. Ids are canonical run-id strings.
 *
 * @param eventCount events retained (live) or persisted (archive)
 * @param persisted  true once the run is written to the store
 */
public record RunSummary(
        @JsonProperty("run_id") String runId,
        @JsonProperty("parent_run_id") String parentRunId,
        @JsonProperty("status") RunStatus status,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("finished_at") Instant finishedAt,
        @JsonProperty("last_seq") long lastSeq,
        @JsonProperty("event_count") long eventCount,
        @JsonProperty("source") RunSource source,
        @JsonProperty("persisted") boolean persisted) {

    @JsonIgnore
    public boolean isRunning() {
        return status == RunStatus.RUNNING;
    }
}
