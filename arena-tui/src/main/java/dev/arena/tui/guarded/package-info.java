/**
 * Guarded actions as the console shows them (docs/design.md, "Guarded actions"): a
 * {@link dev.arena.tui.guarded.PendingAction} with its preview and typed confirmation, the
 * {@link dev.arena.tui.guarded.ConfirmDialog} that asks for it, and
 * {@link dev.arena.tui.guarded.GuardedSteps}, which runs them through the shared guarded-action
 * runner of {@code dev.arena.diag.action} exactly as {@code arena diag} does.
 */
package dev.arena.tui.guarded;
