package dev.arena.app.demo;

import dev.arena.config.ArenaConfig;
import dev.arena.server.ArenaServer;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code arena demo} runs besides the console: an embedded server on a free loopback
 * port (in-process broker, or Redis when asked) with fault injection on, DuckDB and the audit log
 * in a data directory (a temporary one unless given), a one-off admin token so the console's
 * guarded reap goes through the server, and {@link DemoTraffic}. {@link #close()} stops the
 * traffic, then the server (fork tasks cancelled, broker flushed, DuckDB closed), then deletes a
 * temporary data directory. Idempotent.
 */
public final class DemoRig implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoRig.class);

    /** How quickly an idle fork counts as stuck in the demo (the default of 60s is too slow to watch). */
    public static final Duration DEMO_STUCK_AFTER = Duration.ofSeconds(15);

    private final ArenaConfig config;
    private final Map<String, String> env;
    private final Path dataDir;
    private final boolean temporary;
    private ArenaServer server;
    private DemoTraffic traffic;
    private boolean closed;

    private DemoRig(ArenaConfig config, Map<String, String> env, Path dataDir, boolean temporary) {
        this.config = config;
        this.env = env;
        this.dataDir = dataDir;
        this.temporary = temporary;
    }

    /**
     * Prepares (does not start) the demo.
     *
     * @param baseEnv  the process environment (REDIS_URL/REDIS_PASSWORD are used with {@code redis})
     * @param redis    use the Redis backend instead of the in-process broker
     * @param dataDir  where DuckDB and the audit log go; null for a temporary directory deleted on close
     * @throws dev.arena.config.ConfigException naming a bad variable
     */
    public static DemoRig prepare(Map<String, String> baseEnv, boolean redis, Path dataDir) throws IOException {
        boolean temporary = dataDir == null;
        Path dir = temporary ? Files.createTempDirectory("arena-demo-") : dataDir;
        Files.createDirectories(dir);
        Map<String, String> env = new HashMap<>(baseEnv);
        env.put("ARENA_BROKER_BACKEND", redis ? "redis" : "inprocess");
        env.put("ARENA_HTTP_HOST", "127.0.0.1");
        env.put("ARENA_HTTP_PORT", "0");
        env.put("ARENA_DB", dir.resolve("arena.duckdb").toString());
        env.put("ARENA_AUDIT_LOG", dir.resolve("audit.jsonl").toString());
        env.put("ARENA_FORK_STUCK_AFTER", DEMO_STUCK_AFTER.toSeconds() + "s");
        env.put("ARENA_ENV", "demo"); // never mistaken for the environment this shell is configured for
        byte[] token = new byte[24];
        new SecureRandom().nextBytes(token);
        env.put("ARENA_ADMIN_TOKEN", Base64.getUrlEncoder().withoutPadding().encodeToString(token));
        try {
            return new DemoRig(ArenaConfig.from(env), env, dir, temporary);
        } catch (RuntimeException e) {
            if (temporary) {
                deleteTree(dir);
            }
            throw e;
        }
    }

    /** Starts the server and the traffic; on failure everything started is stopped again. */
    public DemoRig start(DemoTraffic.Shape shape, String version) throws Exception {
        try {
            server = ArenaServer.builder(config)
                    .allowFaultInjection(true)
                    .version(version)
                    .build();
            server.start();
            traffic = new DemoTraffic(server.broker(), server.forks(), shape).start();
            return this;
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** The environment the demo's server uses; give the same to the console so they agree. */
    public Map<String, String> environment() {
        Map<String, String> e = new HashMap<>(env);
        if (server != null) {
            e.put("ARENA_SERVER_URL", server.url());
        }
        return e;
    }

    public ArenaConfig config() {
        return config;
    }

    public String serverUrl() {
        return server.url();
    }

    public Path dataDir() {
        return dataDir;
    }

    public ArenaServer server() {
        return server;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (traffic != null) {
            traffic.close();
        }
        if (server != null) {
            server.close();
        }
        if (temporary) {
            deleteTree(dataDir);
        }
    }

    private static void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("could not delete the demo's temporary data directory {}: {}", dir, e.getMessage());
        }
    }
}
