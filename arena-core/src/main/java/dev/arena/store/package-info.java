/**
 * DuckDB persistence of finished runs (docs/design.md, "Server"): tables {@code runs} and {@code events}, written when a
 * run ends or is reaped, idempotently, and read back for {@code /runs} and the SSE cold path.
 * The server owns the file and opens it once ({@link dev.arena.store.RunStore}); the
 * {@link dev.arena.store.Archiver} moves ended runs from the broker into it.
 */
package dev.arena.store;
