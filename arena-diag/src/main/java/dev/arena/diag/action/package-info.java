/**
 * Guarded actions (docs/design.md, "Guarded actions") — reap a run, rotate the Redis password — and the audit log.
 * Every action has one shape, shared by the CLI and the console through {@link dev.arena.diag.action.GuardedRunner}:
 * preview → refusal in read-only mode → confirmation (typed prefix, or {@code --yes}) → execute →
 * verify (roll back on failure) → one audit line.
 */
package dev.arena.diag.action;
