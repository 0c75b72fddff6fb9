package dev.arena.server;

import dev.arena.broker.BrokerSettings;
import dev.arena.broker.EventBroker;
import dev.arena.testkit.PrivateRedis;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The brokers and servers a server test starts, on either backend, closed after each test newest
 * first (a server before its broker). Redis is the class's {@link PrivateRedis}:
 *
 * <pre>{@code
 * @RegisterExtension static final PrivateRedis redis = new PrivateRedis();
 * @RegisterExtension final TestServers servers = new TestServers(redis);
 * }</pre>
 */
final class TestServers implements AfterEachCallback {

    private final PrivateRedis redis;
    private final Deque<AutoCloseable> open = new ArrayDeque<>();

    TestServers(PrivateRedis redis) {
        this.redis = redis;
    }

    /** A broker on {@code backend}, closed after the test. */
    EventBroker broker(TestBackend backend, BrokerSettings settings) {
        return closedAfter(backend.create(settings, redis::server));
    }

    /** A server over {@code broker} (see {@link ServerFixture#start}), closed after the test. */
    ServerFixture start(EventBroker broker, Path dir, Consumer<ArenaServer.Builder> tweak) throws Exception {
        return closedAfter(ServerFixture.start(broker, dir, ServerFixture.env(dir), tweak));
    }

    /** A server as configured by default over a default broker on {@code backend}. */
    ServerFixture start(TestBackend backend, Path dir) throws Exception {
        return start(broker(backend, BrokerSettings.DEFAULTS), dir, b -> { });
    }

    private <T extends AutoCloseable> T closedAfter(T resource) {
        open.push(resource);
        return resource;
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
        if (first != null) {
            throw first;
        }
    }
}
