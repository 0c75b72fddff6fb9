package dev.arena.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment of a test server sharing a Redis registry with others, tuned so that a server that
 * stops renewing is noticed within seconds: a heartbeat every {@link #HEARTBEAT}, entries kept {@link #TTL}.
 */
final class RegistryEnv {

    static final Duration HEARTBEAT = Duration.ofMillis(200);
    static final Duration TTL = Duration.ofSeconds(2);

    private RegistryEnv() {}

    /** Server {@code name} on the Redis at {@code redisUrl}, its DuckDB file in {@code dir}. */
    static Map<String, String> of(Path dir, String name, String redisUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("ARENA_BROKER_BACKEND", "redis");
        env.put("REDIS_URL", redisUrl);
        env.put("ARENA_REGISTRY_HEARTBEAT", HEARTBEAT.toMillis() + "ms");
        env.put("ARENA_REGISTRY_TTL", TTL.toSeconds() + "s");
        env.put("ARENA_DB", dir.resolve(name + ".duckdb").toString());
        return env;
    }
}
