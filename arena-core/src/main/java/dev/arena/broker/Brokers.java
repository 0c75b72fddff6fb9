package dev.arena.broker;

import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.broker.redis.RedisStreamsBroker;
import dev.arena.config.ArenaConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Map;

/**
 * The backend factory (docs/design.md, "Configuration"). It reads the environment each time it is called — never at
 * class-load — so a process that changes its environment and calls again gets the new choice.
 */
public final class Brokers {

    private Brokers() {}

    /** The broker this process's environment selects, naming its connections {@code arena-cli@host:pid}. */
    public static EventBroker fromEnvironment() {
        return fromEnvironment(System.getenv(), "arena-cli");
    }

    /**
     * The broker {@code env} selects.
     *
     * @param role the client-name prefix for Redis connections, e.g. {@code arena-server}
     * @throws dev.arena.config.ConfigException naming the variable when a value is invalid
     * @throws BrokerException                  when Redis is selected but cannot be reached or
     *                                          authenticated (the URL in the message is masked)
     */
    public static EventBroker fromEnvironment(Map<String, String> env, String role) {
        return fromConfig(ArenaConfig.from(env), role);
    }

    /** The broker {@code config} selects. */
    public static EventBroker fromConfig(ArenaConfig config, String role) {
        return switch (config.backend()) {
            case INPROCESS -> new InProcessEventBroker(config.brokerSettings(), Clock.systemUTC());
            case REDIS ->
                RedisStreamsBroker.connect(
                        config.redisUrl(), clientName(role), config.brokerSettings(), Clock.systemUTC());
        };
    }

    /**
     * {@code role@host:pid}, the name every Arena connection announces with {@code CLIENT SETNAME}
     * (so {@code arena diag} can tell the server, the console and itself apart in CLIENT LIST).
     * The host is {@code $HOSTNAME} when set (no name lookup), else the local host name.
     */
    public static String clientName(String role) {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "localhost";
            }
        }
        // CLIENT SETNAME rejects spaces and newlines.
        return (role + "@" + host + ":" + ProcessHandle.current().pid()).replaceAll("\\s", "_");
    }
}
