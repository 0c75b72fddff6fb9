package dev.arena.diag.triage;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.arena.diag.Status;
import java.util.Locale;

/** What triage concluded about a run, with the monitoring status it maps to. */
public enum Verdict {
    /** New events arrived during the observation window. */
    PROGRESSING(Status.OK, "progressing"),
    /** The run ended normally and nobody is left waiting on it. */
    FINISHED(Status.OK, "finished"),
    /** No new events in the window, but idle for less than the stuck threshold: probably a slow call. */
    WAITING(Status.WARNING, "waiting (slow, not yet stuck)"),
    /** Readers fell behind retention: they resume from available_from, events before it are gone. */
    OVERFLOWED(Status.WARNING, "overflowed"),
    /**
     * The fork task has made no progress past the stuck threshold, but its worker's stack moves between samples:
     * it is working (a long loop or call), not parked.
     */
    PRODUCER_SLOW(Status.WARNING, "producer slow (stack moving, not stuck)"),
    /**
     * The producer is alive (open run / running fork) but has made no progress past the stuck threshold; for a
     * fork task, its stack stayed the same across two samples over the idle window.
     */
    PRODUCER_STUCK(Status.CRITICAL, "producer stuck mid-replay"),
    /**
     * The fork task's owner server is gone (killed): its lease expired and the registry no longer lists it, or the
     * run was already closed as orphaned by a surviving server.
     */
    ORPHANED(Status.CRITICAL, "orphaned: owner server gone"),
    /** The fork task failed with an error. */
    REPLAY_CRASHED(Status.CRITICAL, "replay crashed"),
    /** The producer is gone (sentinel removed or expired) but the run never got its terminal event, or readers linger. */
    CONSUMERS_NOT_ENDED(Status.CRITICAL, "producer closed but consumers not ended"),
    /** Neither the server nor Redis knows the run. */
    NEVER_APPEARED(Status.CRITICAL, "never appeared in /runs"),
    /** No source could be read. */
    UNKNOWN(Status.UNKNOWN, "unknown (no source reachable)");

    private final Status status;
    private final String label;

    Verdict(Status status, String label) {
        this.status = status;
        this.label = label;
    }

    /** The code scripts match on: the constant's name in lower case, e.g. {@code producer_stuck}. */
    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Status status() {
        return status;
    }

    /** Human label, e.g. "producer stuck mid-replay". */
    public String label() {
        return label;
    }
}
