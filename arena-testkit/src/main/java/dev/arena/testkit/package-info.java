/**
 * Fixtures every module's tests share, so the tests exercise real parts instead of mocks:
 * {@link dev.arena.testkit.RedisServer} starts a private {@code redis-server} on a free loopback
 * port (never the machine's Redis on 6379), {@link dev.arena.testkit.PrivateRedis} gives a test
 * class one such server as a JUnit extension, and {@link dev.arena.testkit.MutableClock} lets TTL,
 * reaper and stuck logic be tested by moving time instead of sleeping. Test scope only; see
 * docs/design.md, "Tests".
 */
package dev.arena.testkit;
