/**
 * Fork tasks (docs/design.md, "Server"): a child run that replays a parent run's events up to a seq and continues with
 * simulated work, in a bounded worker pool whose tasks an operator can list (with the worker's
 * stack and a stuck flag), cancel, and that shut down cleanly. Entry point: {@link dev.arena.fork.ForkService}.
 */
package dev.arena.fork;
