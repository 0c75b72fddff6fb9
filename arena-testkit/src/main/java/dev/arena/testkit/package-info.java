/**
 * Fixtures every module's tests share, so the tests exercise real parts instead of mocks. Each
 * starts real local binaries on free loopback ports (never the machine's Redis on 6379 or
 * PostgreSQL on 5432) in a private temporary directory, and fails — never skips — saying how to
 * install what is missing:
 * <ul>
 *   <li>{@link dev.arena.testkit.RedisServer} one {@code redis-server}; {@link dev.arena.testkit.PrivateRedis}
 *       gives a test class one as a JUnit extension;</li>
 *   <li>{@link dev.arena.testkit.RedisCluster} a Redis Cluster (masters, optionally replicas) with
 *       SIGKILL and failover waits; {@link dev.arena.testkit.PrivateRedisCluster} per test class;</li>
 *   <li>{@link dev.arena.testkit.PostgresServer} a PostgreSQL from {@code initdb} (run as the
 *       {@code postgres} user when the tests run as root); {@link dev.arena.testkit.PrivatePostgres}
 *       per test class;</li>
 *   <li>{@link dev.arena.testkit.ChildProcess} any process a test starts — a second JVM on the test
 *       classpath, a built jar, a launcher script, a tool — with stdout/stderr captured to files, a
 *       bounded wait for a line, SIGTERM/SIGKILL and clean-up;</li>
 *   <li>{@link dev.arena.testkit.MutableClock} lets TTL, reaper and stuck logic be tested by moving
 *       time instead of sleeping.</li>
 *   <li>{@link dev.arena.testkit.VirtualConsole} a virtual terminal the console draws on, read back
 *       as lines, typed into and waited on.</li>
 * </ul>
 * A running Arena server is not here: arena-testkit cannot depend on arena-core (arena-core's tests
 * depend on arena-testkit, and Maven forbids the cycle), so that fixture is {@code dev.arena.fixture}
 * in arena-core's test sources, shipped to the other modules' tests by arena-core's test-jar.
 * Test scope only; see docs/design.md, "Tests", and docs/decisions.md, "Test fixtures for a
 * cluster and a store".
 */
package dev.arena.testkit;
