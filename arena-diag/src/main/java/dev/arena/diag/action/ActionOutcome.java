package dev.arena.diag.action;

/**
 * The end result of running a guarded action, with its exit code (docs/design.md, "Guarded actions").
 *
 * @param preview the preview (null when even the preview failed)
 * @param report  execution report (null unless executed)
 */
public record ActionOutcome(Result result, String message, ActionPreview preview, ActionReport report) {

    /** How it ended. */
    public enum Result {
        /** Executed and verified. */
        DONE,
        /** Previewed only ({@code --dry-run}). */
        DRY_RUN,
        /** Refused: read-only mode, or a blocker such as recent progress without --force. */
        REFUSED,
        /** The confirmation was missing or wrong. */
        NOT_CONFIRMED,
        /** Acting or verifying failed. */
        FAILED,
        /** Verification failed and the change was rolled back. */
        ROLLED_BACK
    }
}
