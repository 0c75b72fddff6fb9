/**
 * Leases: one holder at a time among several {@code arena server}s over one Redis (docs/design.md,
 * "Several servers"), each a claim of {@link dev.arena.coordination.Claims}. The reaper's lease is a
 * plain Redis key holding its holder's id with a TTL ({@code Claims.inRedisKey}); the holder renews
 * it while it works and releases it when it stops, so a killed holder's lease lapses within the TTL
 * and a peer takes over. The periodic idle reaper runs only on the server holding
 * {@code arena:lease:reaper}. On the in-process backend there is one server, which always holds.
 *
 * <p>Public: {@link dev.arena.lease.Lease} and its factory {@link dev.arena.lease.Leases}.
 */
package dev.arena.lease;
