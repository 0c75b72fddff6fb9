/**
 * Coordination among servers: one primitive, {@link dev.arena.coordination.Claims} — a set of named
 * claims, each held by at most one holder until it stops renewing it within its TTL. Claim (only if
 * free or expired), renew and release (only by the holder), observe and list (holder, payload, age
 * and TTL by the Redis clock), and take over an expired claim (exactly one caller wins).
 *
 * <p>Implementations: {@code inRedisHash} (a set = one Redis hash, so one slot on a Redis Cluster),
 * {@code inRedisKey} (one claim as one plain key with Redis's own expiry, the reaper lease's layout)
 * and {@code inProcess} (this JVM, timed by a {@link dev.arena.time.Ticker}). One contract test suite
 * runs against all of them.
 *
 * <p>Users, each with its own key (docs/design.md, "Several servers"): the server registry
 * ({@code arena:servers}, {@link dev.arena.registry}), fork ownership ({@code arena:forks},
 * {@link dev.arena.ownership}) and the reaper lease ({@code arena:lease:reaper}, {@link dev.arena.lease}).
 * A new one picks a hash key, an {@link dev.arena.coordination.Expiry} and a holder id (the server's
 * registry id), and keeps the stored format of its key once servers of two versions may share it.
 */
package dev.arena.coordination;
