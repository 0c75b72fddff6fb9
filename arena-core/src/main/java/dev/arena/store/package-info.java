/**
 * Persistence of finished runs (docs/design.md, "Store"): tables {@code runs} and {@code events}, written when a run
 * ends or is reaped, idempotently, and read back for {@code /runs} and the SSE cold path. {@link dev.arena.store.RunStore}
 * is the contract; {@link dev.arena.store.RunStore#open(dev.arena.config.StoreLocation)} picks the implementation
 * {@code ARENA_DB} names ({@link dev.arena.config.StoreLocation}): an embedded DuckDB file (one server) or a shared
 * PostgreSQL database (any number of servers; pooled, migrated by Flyway). The server opens its store once; the
 * {@link dev.arena.store.Archiver} moves ended runs from the broker into it.
 */
package dev.arena.store;
