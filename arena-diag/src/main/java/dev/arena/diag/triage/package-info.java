/**
 * Guided stuck-run triage: the stuck-fork runbook (runbooks/stuck-fork.md) as code. It gathers
 * run status, metrics growth over a short window, the fork task and the Redis state, then names a
 * verdict and the runbook's next steps, in order of preference, with exact commands.
 */
package dev.arena.diag.triage;
