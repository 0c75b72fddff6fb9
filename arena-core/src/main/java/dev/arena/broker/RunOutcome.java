package dev.arena.broker;

import dev.arena.wire.RunStatus;

/** How a run ended; each outcome is one terminal event kind and one final {@link RunStatus}. */
public enum RunOutcome {
    COMPLETE("run.complete", RunStatus.COMPLETE),
    ERROR("run.error", RunStatus.ERROR),
    /** Written by the system: the reaper or an operator dropped a run that made no progress. */
    REAPED("run.reaped", RunStatus.REAPED),
    /** Written by the system: the task producing the run was cancelled (e.g. at shutdown). */
    CANCELLED("run.cancelled", RunStatus.CANCELLED);

    private final String kind;
    private final RunStatus status;

    RunOutcome(String kind, RunStatus status) {
        this.kind = kind;
        this.status = status;
    }

    /** The terminal event kind. */
    public String kind() {
        return kind;
    }

    public RunStatus status() {
        return status;
    }

    /** The outcome a terminal kind stands for, or null for any other kind. */
    public static RunOutcome fromKind(String kind) {
        // On every publish and every read: a switch, not values(), which copies an array per call.
        if (kind == null || !kind.startsWith("run.")) {
            return null;
        }
        return switch (kind) {
            case "run.complete" -> COMPLETE;
            case "run.error" -> ERROR;
            case "run.reaped" -> REAPED;
            case "run.cancelled" -> CANCELLED;
            default -> null;
        };
    }
}
