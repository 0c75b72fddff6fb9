package dev.arena.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One private {@link RedisServer} per test class, emptied before each test and stopped after the
 * class: {@code @RegisterExtension static final PrivateRedis redis = new PrivateRedis();}. It is
 * started before the class's own {@code @BeforeAll} methods run, so they may use it.
 */
public final class PrivateRedis implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private final ClassScoped<RedisServer> server;

    public PrivateRedis() {
        this(null);
    }

    /** A server that requires {@code password} (null for none). */
    public PrivateRedis(String password) {
        this.server = new ClassScoped<>(
                "PrivateRedis", () -> RedisServer.builder().password(password).start(), RedisServer::close);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server.get().flushAll();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.close();
    }

    /** The running server. */
    public RedisServer server() {
        return server.get();
    }
}
