package dev.arena.tui.guarded;

/**
 * A guarded action (docs/design.md, "Guarded actions") prepared for the confirm dialog: its preview was read without changing
 * anything; {@link #execute} hands the operator's typed confirmation to the shared guarded-action
 * runner, which checks it, refuses or acts, verifies, and writes the audit line. Blocking calls;
 * the console makes them off the GUI thread.
 */
public interface PendingAction {

    /** What will happen, shown before anything happens. */
    ConfirmPreview preview();

    /** What the operator must type, e.g. the run id's first 8 characters. */
    String confirmToken();

    /**
     * Acts if {@code typed} confirms it.
     *
     * @param force act despite the preview's refusal (e.g. recent progress)
     */
    ConfirmOutcome execute(String typed, boolean force) throws Exception;

    /**
     * The next step of a multi-step action (the password rotation's finish), prepared after this
     * step succeeded; null when there is none.
     */
    default PendingAction next() throws Exception {
        return null;
    }
}
