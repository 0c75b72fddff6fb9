/**
 * A typed client of the arena server's HTTP API (docs/api.md): health, runs, metrics, fork tasks,
 * the admin endpoints and the SSE event stream. Every failure is a {@link dev.arena.diag.DiagException}
 * subtype with a message fit for an operator.
 */
package dev.arena.diag.server;
