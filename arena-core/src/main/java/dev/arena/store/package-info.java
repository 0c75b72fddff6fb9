/**
 * Persistence of runs (docs/design.md, "Store" and "Tiered history"): tables {@code runs} and {@code events}, written
 * while a run is live (in batches, one server per run), when it ends and when it is reaped, idempotently, and read back for {@code /runs} and the SSE cold path. {@link dev.arena.store.RunStore}
 * is the contract; {@link dev.arena.store.RunStore#open(dev.arena.config.StoreLocation)} picks the implementation
 * {@code ARENA_DB} names ({@link dev.arena.config.StoreLocation}): an embedded DuckDB file (one server) or a shared
 * PostgreSQL database (any number of servers; pooled, migrated by Flyway). The server opens its store once; the
 * {@link dev.arena.store.Archiver} moves live and ended runs from the broker into it.
 */
package dev.arena.store;
