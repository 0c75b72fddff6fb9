package dev.arena.diag.redis;

import dev.arena.config.RedisUrl;
import dev.arena.config.Secrets;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.netty.resolver.DefaultAddressResolverGroup;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * One named, bounded Lettuce connection for diagnostics: no auto-reconnect (a diagnostic reports
 * a dead Redis rather than queueing), every command bounded by the timeout, the connection named
 * with {@code CLIENT SETNAME}. Every Lettuce failure is translated into
 * {@link RedisUnavailableException} with the URL masked. Closing releases the client's threads.
 */
public final class RedisSession implements AutoCloseable {

    private final RedisClient client;
    private final ClientResources resources;
    private final StatefulRedisConnection<String, String> connection;
    private final String maskedUrl;

    private RedisSession(RedisClient client, ClientResources resources, StatefulRedisConnection<String, String> connection,
                         String maskedUrl) {
        this.client = client;
        this.resources = resources;
        this.connection = connection;
        this.maskedUrl = maskedUrl;
    }

    /**
     * Connects and authenticates now.
     *
     * @param clientName e.g. {@code arena-cli@host:pid}
     * @throws RedisUnavailableException when Redis is unreachable or refuses the credentials
     */
    public static RedisSession open(String url, String clientName, Duration timeout) {
        String masked = RedisUrl.mask(url);
        RedisURI uri;
        try {
            uri = RedisURI.create(url);
        } catch (RuntimeException e) {
            throw new RedisUnavailableException(RedisUnavailableException.Reason.ERROR,
                    "Redis URL " + masked + " does not parse: expected redis://[:password@]host:port/db", null);
        }
        uri.setTimeout(timeout);
        if (clientName != null) {
            uri.setClientName(clientName);
        }
        // A short-lived diagnostic needs one I/O thread, the JDK's resolver (not Netty's DNS stack)
        // and no latency metrics: each of those costs class loading on every CLI start.
        ClientResources resources = DefaultClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1)
                .addressResolverGroup(DefaultAddressResolverGroup.INSTANCE)
                .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .protocolVersion(ProtocolVersion.RESP2)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        try {
            StatefulRedisConnection<String, String> c = client.connect();
            RedisSession session = new RedisSession(client, resources, c, masked);
            session.run(cmd -> cmd.ping());
            return session;
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            resources.shutdown(0, 1, java.util.concurrent.TimeUnit.SECONDS);
            throw translate(e, masked, url);
        }
    }

    /** The masked URL this session talks to. */
    public String maskedUrl() {
        return maskedUrl;
    }

    /** Runs synchronous commands, translating failures. */
    public <T> T run(Function<RedisCommands<String, String>, T> work) {
        try {
            return work.apply(connection.sync());
        } catch (RuntimeException e) {
            throw translate(e, maskedUrl, null);
        }
    }

    /** The raw connection, for pipelined work by this package's inspector. */
    StatefulRedisConnection<String, String> connection() {
        return connection;
    }

    static RedisUnavailableException translate(RuntimeException e, String masked, String rawUrl) {
        if (e instanceof RedisUnavailableException r) {
            return r;
        }
        String text = chainText(e);
        String upper = text.toUpperCase(Locale.ROOT);
        String password = rawUrl == null ? null : RedisUrl.passwordOf(rawUrl);
        if (upper.contains("NOAUTH") || upper.contains("WRONGPASS") || upper.contains("INVALID PASSWORD")
                || upper.contains("AUTH FAILED")) {
            return new RedisUnavailableException(RedisUnavailableException.Reason.AUTH_FAILED,
                    "Redis " + masked + " refused authentication: check REDIS_PASSWORD / the password in REDIS_URL (or --redis)", null);
        }
        if (e instanceof RedisCommandTimeoutException || upper.contains("TIMEOUT") || upper.contains("TIMED OUT")) {
            return new RedisUnavailableException(RedisUnavailableException.Reason.TIMEOUT,
                    "Redis " + masked + " did not answer in time", null);
        }
        if (e instanceof RedisConnectionException || upper.contains("CONNECTION REFUSED") || upper.contains("UNABLE TO CONNECT")) {
            return new RedisUnavailableException(RedisUnavailableException.Reason.UNREACHABLE,
                    "Redis " + masked + " unreachable: is redis-server running there? (set REDIS_URL or --redis)", null);
        }
        String shown = Secrets.scrub(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), password);
        return new RedisUnavailableException(RedisUnavailableException.Reason.ERROR, "Redis " + masked + ": " + shown, null);
    }

    private static String chainText(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 2000; t = t.getCause()) {
            sb.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" / ");
        }
        return sb.toString();
    }

    @Override
    public void close() {
        try {
            connection.close();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            resources.shutdown(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
