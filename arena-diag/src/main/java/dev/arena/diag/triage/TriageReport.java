package dev.arena.diag.triage;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.arena.diag.Status;
import dev.arena.diag.redis.StreamInfo;
import dev.arena.wire.ForkTaskView;
import dev.arena.wire.RunDetail;
import java.util.List;

/**
 * The result of triaging one run.
 *
 * @param headline   one line: verdict and the decisive fact (stage, frame, idle, error)
 * @param evidence   what was observed, in the order it was checked
 * @param nextSteps  the runbook's recommended steps, most preferred first
 * @param run        the server's view of the run, or null
 * @param fork       the fork task producing the run, or null
 * @param redis      the run's Redis state, or null when not on Redis
 * @param seqGrowth  events added during the observation window (-1 when unknown)
 * @param windowMillis length of the observation window
 */
@JsonPropertyOrder({
    "run_id",
    "verdict",
    "verdict_label",
    "status",
    "headline",
    "evidence",
    "next_steps",
    "run",
    "fork",
    "redis",
    "seq_growth",
    "window_ms"
})
public record TriageReport(
        String runId,
        Verdict verdict,
        String headline,
        List<String> evidence,
        List<NextStep> nextSteps,
        RunDetail run,
        ForkTaskView fork,
        StreamInfo redis,
        long seqGrowth,
        @JsonProperty("window_ms") long windowMillis) {

    public TriageReport {
        evidence = List.copyOf(evidence);
        nextSteps = List.copyOf(nextSteps);
    }

    @JsonProperty("status")
    public Status status() {
        return verdict.status();
    }

    /** The verdict's human label, beside its code, for readers of the JSON. */
    @JsonProperty("verdict_label")
    public String verdictLabel() {
        return verdict.label();
    }
}
