package dev.arena.diag.action;

import java.util.List;

/**
 * A destructive operator action, split so that a human (or a script) sees exactly what will
 * happen before it happens. Implementations read state in {@link #preview()} without changing
 * anything, and in {@link #execute} act, verify, and roll back what they can when verification
 * fails. Run them through {@link GuardedRunner}, never directly.
 */
public interface GuardedAction {

    /** Short action name for audit and messages, e.g. {@code reap}. */
    String name();

    /** The exact target, e.g. the full run id. */
    String target();

    /** What an operator types to confirm interactively, e.g. the run id's first 8 characters. */
    String confirmPrefix();

    /**
     * Reads the current state and describes exactly what {@link #execute} would do.
     *
     * @throws dev.arena.diag.DiagException when the state cannot be read (a source is down)
     */
    ActionPreview preview();

    /**
     * Acts and verifies.
     *
     * @param preview the preview the operator confirmed
     * @return the verification result; {@code rolledBack} when a failed verification was undone
     * @throws dev.arena.diag.DiagException when acting failed (nothing changed, or said so in the message)
     */
    ActionReport execute(ActionPreview preview);

    /** Values that must never appear in output or audit (scrubbed from every message). */
    default List<String> secrets() {
        return List.of();
    }
}
