/**
 * Fork ownership across servers (docs/design.md, "Several servers"): the server running a fork task
 * holds a lease on its child run in Redis (a claim of {@link dev.arena.coordination.Claims} in
 * {@code arena:forks}), renewed on the registry's heartbeat; every server lists the leases (so
 * {@code /debug/forks} shows every server's forks with their owner) and closes the child run of a
 * lease whose owner is gone ({@link dev.arena.ownership.OrphanRule}) as {@code run.error}, exactly
 * once.
 *
 * <p>Public: {@link dev.arena.ownership.ForkLeases} (the keeper and orphan closer a server runs),
 * {@link dev.arena.ownership.ForkLease}, {@link dev.arena.ownership.ObservedLease} and the pure
 * {@link dev.arena.ownership.OrphanRule}.
 */
package dev.arena.ownership;
