package dev.arena.broker.redis;

import dev.arena.error.BackendUnavailableException;
import dev.arena.reply.BoundedReplies;
import dev.arena.time.Ticker;
import io.lettuce.core.ScriptOutputType;
import java.util.List;

/**
 * A named, auto-reconnecting connection for the small pieces of shared state other packages keep
 * in the broker's Redis (the server registry): it runs a Lua script on one key, routed to the
 * key's slot on a Redis Cluster. It opens its own connection the way the broker does — same
 * cluster detection, {@code CLIENT SETNAME}, masking and error translation — so a script that
 * touches only its one key works unchanged on one Redis and on a cluster. Thread-safe; the caller
 * closes it.
 */
public final class RedisScripts implements AutoCloseable {

    private final RedisConnector connector;
    private final RedisLink link;
    private final BoundedReplies calls;

    private RedisScripts(RedisConnector connector, RedisLink link) {
        this.connector = connector;
        this.link = link;
        this.calls = connector.replies();
    }

    /**
     * Connects now.
     *
     * @param clientName the connection's name, e.g. {@code arena-server@host:pid/registry}
     * @throws BackendUnavailableException when Redis cannot be reached or refuses the credentials (URL masked)
     */
    public static RedisScripts connect(String url, String clientName) {
        RedisConnector connector = new RedisConnector(url, clientName, Ticker.system());
        try {
            return new RedisScripts(connector, connector.shared());
        } catch (RuntimeException e) {
            connector.close();
            throw e;
        }
    }

    /**
     * Runs {@code script} with {@code KEYS[1] = key} and {@code ARGV = args}, waiting at most the
     * broker's command timeout. The script must touch no other key and return a table.
     *
     * @param what names the call in failures, e.g. {@code "registry heartbeat"}
     * @return the script's table: Redis integers as {@link Long}, strings as {@link String}, nested tables as lists
     * @throws BackendUnavailableException naming {@code what} and the masked URL when Redis fails or does not answer
     */
    public List<Object> eval(String what, String script, String key, String... args) {
        return calls.await(
                what, link.commands().<List<Object>>eval(script, ScriptOutputType.MULTI, new String[] {key}, args));
    }

    /** The Redis URL with its password masked. */
    public String maskedUrl() {
        return connector.maskedUrl();
    }

    @Override
    public void close() {
        link.close();
        connector.close();
    }
}
