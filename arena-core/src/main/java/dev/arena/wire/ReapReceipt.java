package dev.arena.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code POST /admin/runs/{id}/reap}'s answer.
 *
 * @param status          the run's final status: {@code reaped} if it was open, else the status it had
 * @param eventsPersisted events written to the store
 * @param forkCancelled   the fork task that produced the run and was cancelled as part of the reap, or null
 */
public record ReapReceipt(
        @JsonProperty("run_id") String runId,
        @JsonProperty("reaped") boolean reaped,
        @JsonProperty("status") RunStatus status,
        @JsonProperty("events_persisted") long eventsPersisted,
        @JsonProperty("fork_cancelled") String forkCancelled) {}
