package dev.arena.broker.redis;

import dev.arena.broker.BrokerException;
import dev.arena.config.RedisUrl;
import dev.arena.config.Secrets;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Opens the broker's named connections to one Redis and turns every connection or authentication
 * failure into a {@link BrokerException} with the URL masked and what to check. Two clients share
 * one set of I/O threads: the shared connection reconnects by itself (its commands are reads and
 * idempotent deletes), while the publisher and tailer connections never reconnect on their own —
 * their owners do, so Lettuce never replays a publish behind their back. While disconnected,
 * commands are rejected at once rather than buffered, so callers fail fast instead of hanging.
 */
final class RedisConnector implements AutoCloseable {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private final String maskedUrl;
    private final String password;
    private final String clientName;
    private final RedisURI uri;
    private final ClientResources resources;
    private final RedisClient sharedClient;
    private final RedisClient manualClient;
    /** Why the shared connection's last reconnect failed (scrubbed), until a connection comes up again. */
    private volatile String lastReconnectFailure;

    RedisConnector(String url, String clientName) {
        if (url == null || url.isBlank()) {
            throw new BrokerException("no Redis URL given: set REDIS_URL (redis://[:password@]host:port/db) or REDIS_PASSWORD");
        }
        if (clientName == null || clientName.isBlank() || clientName.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("client name must be non-empty without spaces, e.g. arena-cli@host:1234; got '" + clientName + "'");
        }
        this.maskedUrl = RedisUrl.mask(url);
        this.clientName = clientName;
        this.password = RedisUrl.passwordOf(url); // only used to scrub messages
        try {
            this.uri = RedisURI.create(url);
        } catch (RuntimeException e) {
            throw new BrokerException("REDIS_URL " + maskedUrl + " is not a usable Redis URL (" + e.getClass().getSimpleName()
                    + "); expected redis://[:password@]host:port/db");
        }
        this.uri.setTimeout(COMMAND_TIMEOUT);
        this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        this.sharedClient = RedisClient.create(resources);
        this.sharedClient.setOptions(options(true));
        this.manualClient = RedisClient.create(resources);
        this.manualClient.setOptions(options(false));
        // While the shared connection is down its commands are rejected with "not connected": the
        // reconnect attempts are where Redis says why (e.g. WRONGPASS after a password change).
        this.resources.eventBus().get().subscribe(event -> {
            if (event instanceof ReconnectFailedEvent failed) {
                lastReconnectFailure = rootMessage(failed.getCause());
            } else if (event instanceof ConnectionActivatedEvent) {
                lastReconnectFailure = null;
            }
        });
    }

    private static ClientOptions options(boolean autoReconnect) {
        return ClientOptions.builder()
                .protocolVersion(ProtocolVersion.RESP2)
                .autoReconnect(autoReconnect)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build();
    }

    /** The URL with its password masked, for every message and log line. */
    String maskedUrl() {
        return maskedUrl;
    }

    String clientName() {
        return clientName;
    }

    /** The shared, auto-reconnecting connection named {@code clientName}. */
    StatefulRedisConnection<String, String> shared() {
        return connect(sharedClient, "");
    }

    /** A connection that fails instead of reconnecting, named {@code clientName + suffix}. */
    StatefulRedisConnection<String, String> dedicated(String suffix) {
        return connect(manualClient, suffix);
    }

    private StatefulRedisConnection<String, String> connect(RedisClient client, String suffix) {
        RedisURI named = RedisURI.builder(uri).withClientName(clientName + suffix).build();
        try {
            return client.connect(named);
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    /** A {@link BrokerException} describing why Redis could not be used, URL masked, secret scrubbed. */
    BrokerException failure(Throwable e) {
        String detail = rootMessage(e);
        String reconnect = lastReconnectFailure;
        if (!refusedPassword(detail) && reconnect != null && refusedPassword(reconnect)) {
            detail = reconnect.replaceAll("[.\\s]+$", "") + "; the connection cannot come back";
        }
        if (refusedPassword(detail)) {
            return new BrokerException("Redis at " + maskedUrl + " refused authentication (" + detail
                    + "): Redis refused the password: check REDIS_URL/REDIS_PASSWORD against the server's requirepass/ACL,"
                    + " see runbooks/redis-operations.md");
        }
        return new BrokerException("cannot reach Redis at " + maskedUrl + " (" + detail
                + "); check REDIS_URL (or REDIS_PASSWORD, which implies localhost:6379) and that redis-server is running");
    }

    private static boolean refusedPassword(String detail) {
        String lower = detail.toLowerCase(Locale.ROOT);
        return lower.contains("wrongpass") || lower.contains("noauth") || lower.contains("invalid password")
                || lower.contains("auth") && lower.contains("without any password");
    }

    private String rootMessage(Throwable e) {
        Throwable t = e;
        String message = String.valueOf(e.getMessage());
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return scrub(message, password);
    }

    private static String scrub(String text, String secret) {
        return Secrets.scrub(String.valueOf(text), secret);
    }

    @Override
    public void close() {
        sharedClient.shutdown(0, 2, TimeUnit.SECONDS);
        manualClient.shutdown(0, 2, TimeUnit.SECONDS);
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
