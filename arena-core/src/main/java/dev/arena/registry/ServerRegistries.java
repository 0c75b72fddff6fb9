package dev.arena.registry;

import dev.arena.broker.redis.RedisScripts;
import dev.arena.config.RegistrySettings;
import dev.arena.coordination.Claims;
import dev.arena.error.BackendUnavailableException;
import dev.arena.time.Ticker;
import dev.arena.wire.ServerEntry;
import java.util.List;

/**
 * Builds a server's {@link ServerRegistry} and reads the registry for tools ({@code arena diag
 * servers}, the console) that are not servers themselves.
 */
public final class ServerRegistries {

    private ServerRegistries() {}

    /** The in-process backend's: no registry, the server lists itself alone. */
    public static ServerRegistry local(ServerAnnouncement self) {
        return new LocalRegistry(self);
    }

    /**
     * Announces {@code self} in the Redis at {@code redisUrl} now (on its own connection, named
     * {@code clientName}) and renews the entry every {@code settings.heartbeat()} until closed. A
     * first heartbeat that fails is logged and retried; only a Redis that cannot be connected to fails.
     *
     * @param clientName e.g. {@code arena-server@host:pid/registry}
     * @throws BackendUnavailableException when Redis cannot be reached or refuses the credentials (URL masked)
     */
    public static ServerRegistry redis(
            String redisUrl, String clientName, ServerAnnouncement self, RegistrySettings settings) {
        RedisScripts redis = RedisScripts.connect(redisUrl, clientName);
        Claims claims = RegistryHash.open(redis);
        try {
            return new HeartbeatRegistry(
                    claims, redis.maskedUrl(), self, settings.heartbeat(), settings.ttl(), Ticker.system());
        } catch (RuntimeException e) {
            claims.close();
            throw e;
        }
    }

    /**
     * The servers the registry at {@code redisUrl} lists as alive now, oldest start first, none marked
     * self: one connection, one read, closed again.
     *
     * @throws BackendUnavailableException when Redis cannot be reached, refuses the credentials or does not answer (URL masked)
     */
    public static List<ServerEntry> read(String redisUrl, String clientName) {
        try (Claims claims = RegistryHash.open(RedisScripts.connect(redisUrl, clientName))) {
            return RegistryHash.list(claims, null);
        }
    }
}
