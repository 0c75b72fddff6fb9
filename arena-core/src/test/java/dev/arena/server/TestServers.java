package dev.arena.server;

import dev.arena.broker.BrokerSettings;
import dev.arena.broker.EventBroker;
import dev.arena.testkit.PrivateRedis;
import dev.arena.testkit.RedisCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a server test sets up, once: a private Redis for the class ({@link PrivateRedis}), a private
 * Redis Cluster started on first use, and per test a fresh directory plus the brokers (any backend)
 * and servers it starts, closed after the test newest first (a server before its broker).
 * {@code @RegisterExtension static final TestServers servers = new TestServers();}
 */
final class TestServers implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    private final PrivateRedis redis = new PrivateRedis();
    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private Path dir;
    private RedisCluster cluster;

    /** The class's private Redis (tests may flush, stop or reconfigure it). */
    dev.arena.testkit.RedisServer redis() {
        return redis.server();
    }

    /** A broker on {@code backend}, closed after the test. */
    EventBroker broker(TestBackend backend, BrokerSettings settings) {
        return closedAfter(backend.create(settings, redis::server, this::cluster));
    }

    /** A server over {@code broker} in this test's directory (see {@link ServerFixture#start}), closed after the test. */
    ServerFixture start(EventBroker broker, Consumer<ArenaServer.Builder> tweak) throws Exception {
        return closedAfter(ServerFixture.start(broker, dir, ServerFixture.env(dir), tweak));
    }

    /** The class's private three-master cluster, started on first use and emptied before each test. */
    RedisCluster cluster() {
        if (cluster == null) {
            cluster = RedisCluster.startNew();
        }
        return cluster;
    }

    /** {@link #start}, with {@code extraEnv} on top of the fixture's environment (e.g. a short reaper grace). */
    ServerFixture start(EventBroker broker, java.util.Map<String, String> extraEnv, Consumer<ArenaServer.Builder> tweak)
            throws Exception {
        java.util.Map<String, String> env = ServerFixture.env(dir);
        env.putAll(extraEnv);
        return closedAfter(ServerFixture.start(broker, dir, env, tweak));
    }

    private <T extends AutoCloseable> T closedAfter(T resource) {
        open.push(resource);
        return resource;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        redis.beforeAll(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        redis.beforeEach(context);
        if (cluster != null) {
            cluster.flushAll();
        }
        dir = Files.createTempDirectory("arena-server-test");
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Exception first = null;
        while (!open.isEmpty()) {
            try {
                open.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
        redis.afterAll(context);
    }
}
