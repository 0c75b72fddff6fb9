/**
 * Bounded waits for a backend's replies (a Redis command, a batch of pipelined commands, a broker's
 * confirmation): {@link dev.arena.reply.BoundedReplies} is the one place a timeout, an interruption
 * or a failed reply becomes a {@link dev.arena.error.BackendUnavailableException}. Used by the
 * broker, the server, fork tasks and the diagnostics.
 */
package dev.arena.reply;
