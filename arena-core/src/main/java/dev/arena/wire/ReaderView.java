package dev.arena.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * One reader of a server in {@code GET /debug/readers}: who is reading which runs, how far behind the head each
 * one is, and whether it is falling behind — what on-call needs when memory grows or a dashboard lags.
 *
 * @param transport     {@code sse} or {@code ws}
 * @param who           the reader's address (its token's subject once readers are authorized)
 * @param bufferedBytes bytes sent and not yet confirmed by the connection
 * @param lagEvents     the largest lag in events over its runs
 * @param lagSeconds    the largest lag in seconds: how old the newest event it has been handed is, while it is behind
 * @param fallingBehind behind by {@code falling_behind_after_seconds} or more
 */
public record ReaderView(
        @JsonProperty("transport") String transport,
        @JsonProperty("who") String who,
        @JsonProperty("connected_at") Instant connectedAt,
        @JsonProperty("buffered_bytes") long bufferedBytes,
        @JsonProperty("lag_events") long lagEvents,
        @JsonProperty("lag_seconds") double lagSeconds,
        @JsonProperty("falling_behind") boolean fallingBehind,
        @JsonProperty("runs") List<Position> runs) {

    public ReaderView {
        runs = runs == null ? List.of() : List.copyOf(runs);
    }

    /**
     * One run a reader follows.
     *
     * @param lastSeq the last seq handed to the reader (its start - 1 before the first)
     * @param headSeq the run's last seq now
     */
    public record Position(
            @JsonProperty("run_id") String runId,
            @JsonProperty("last_seq") long lastSeq,
            @JsonProperty("head_seq") long headSeq,
            @JsonProperty("lag_events") long lagEvents,
            @JsonProperty("lag_seconds") double lagSeconds) {}
}
