package dev.arena.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * {@code GET /metrics}: the broker counters (on Redis {@code events_published}, {@code runs_open}
 * and {@code publish_failures} are shared by every process on that Redis; the rest count the server
 * process), the fork-task gauges, the backend and the server's clock. {@code runs_lost} counts runs
 * whose events vanished from Redis while open; readers of an older server, which does not send it,
 * see it as 0. The archive figures (docs/design.md, "Tiered history") are this server's
 * {@code events_archived} and {@code events_trimmed_unarchived} (events the broker trimmed before any
 * archiver wrote them, each range also logged as a WARN), and the worst run's archive lag in events
 * and seconds as of the last archive pass, over every server's runs. The retention in force: the server's
 * {@code stream_max_len} ({@code ARENA_STREAM_MAXLEN}; 0 from an older server, which does not send it) and
 * {@code stream_max_age_seconds} ({@code ARENA_STREAM_MAX_AGE}, absent when there is no age bound), with
 * {@code events_trimmed_by_age}, the archived events this server's archiver trimmed from the broker for age.
 */
public record ServerMetrics(
        @JsonProperty("events_published") long eventsPublished,
        @JsonProperty("events_streamed") long eventsStreamed,
        @JsonProperty("streams_dropped") long streamsDropped,
        @JsonProperty("runs_open") long runsOpen,
        @JsonProperty("subscribers") long subscribers,
        @JsonProperty("runs_reaped") long runsReaped,
        @JsonProperty("publish_failures") long publishFailures,
        @JsonProperty("runs_lost") long runsLost,
        @JsonProperty("fork_tasks_running") long forkTasksRunning,
        @JsonProperty("fork_tasks_stuck") long forkTasksStuck,
        @JsonProperty("backend") Backend backend,
        @JsonProperty("ts") Instant ts,
        @JsonProperty("events_archived") long eventsArchived,
        @JsonProperty("events_trimmed_unarchived") long eventsTrimmedUnarchived,
        @JsonProperty("archive_lag_events") long archiveLagEvents,
        @JsonProperty("archive_lag_seconds") double archiveLagSeconds,
        @JsonProperty("stream_max_len") long streamMaxLen,
        @JsonProperty("stream_max_age_seconds") @JsonInclude(JsonInclude.Include.NON_NULL) Long streamMaxAgeSeconds,
        @JsonProperty("events_trimmed_by_age") long eventsTrimmedByAge) {}
