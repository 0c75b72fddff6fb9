package dev.arena.wire;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * {@code GET /runs/{id}}: a run with its live stream statistics, the same on both backends.
 *
 * @param headSeq            oldest retained seq (0 when nothing is retained)
 * @param length             retained events
 * @param subscribers        live subscriptions in the server process
 * @param idleSeconds        seconds since the last event (or the start) by the server clock, or null
 * @param sentinelTtlSeconds Redis producer-alive sentinel TTL; null on in-process or when closed
 * @param archivedThrough    the highest seq the store holds (docs/design.md, "Tiered history"): every
 *                           event up to it is archived, bar ranges trimmed before they could be (logged
 *                           and counted); 0 when none is; a server of an earlier version sends none (0)
 * @param archivedFrom       the lowest seq the store holds, 0 when none (the store tier's head)
 */
public record RunDetail(
        @JsonProperty("run_id") String runId,
        @JsonProperty("parent_run_id") String parentRunId,
        @JsonProperty("status") RunStatus status,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("finished_at") Instant finishedAt,
        @JsonProperty("head_seq") long headSeq,
        @JsonProperty("last_seq") long lastSeq,
        @JsonProperty("length") long length,
        @JsonProperty("subscribers") int subscribers,
        @JsonProperty("last_event_at") Instant lastEventAt,
        @JsonProperty("idle_seconds") Double idleSeconds,
        @JsonProperty("sentinel_ttl_seconds") Long sentinelTtlSeconds,
        @JsonProperty("event_count") long eventCount,
        @JsonProperty("source") RunSource source,
        @JsonProperty("persisted") boolean persisted,
        @JsonProperty("archived_through") long archivedThrough,
        @JsonProperty("archived_from") long archivedFrom) {

    @JsonIgnore
    public boolean isRunning() {
        return status == RunStatus.RUNNING;
    }
}
