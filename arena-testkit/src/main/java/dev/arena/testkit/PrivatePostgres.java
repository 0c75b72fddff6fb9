package dev.arena.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One private {@link PostgresServer} per test class, started before the class's own
 * {@code @BeforeAll} methods and deleted after the class:
 * {@code @RegisterExtension static final PrivatePostgres postgres = new PrivatePostgres();}.
 * Tests that need an empty store each take a database of their own
 * ({@link PostgresServer#createDatabase(String)}): nothing is emptied between tests.
 */
public final class PrivatePostgres implements BeforeAllCallback, AfterAllCallback {

    private final ClassScoped<PostgresServer> server;

    public PrivatePostgres() {
        this(PostgresServer.builder());
    }

    /** A server with the given names and password. */
    public PrivatePostgres(PostgresServer.Builder builder) {
        this.server = new ClassScoped<>("PrivatePostgres", builder::start, PostgresServer::close);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.close();
    }

    /** The running server. */
    public PostgresServer server() {
        return server.get();
    }
}
