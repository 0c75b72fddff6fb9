package dev.arena.diag;

import dev.arena.config.ArenaConfig;
import dev.arena.config.RedisUrl;
import dev.arena.config.Secrets;
import dev.arena.error.Fault;
import dev.arena.wire.Backend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where diagnostics look and what they may do: the server URL, the Redis URL, whether Redis is the
 * source of run state, read-only mode and the environment label. Built from {@link ArenaConfig} plus
 * command-line overrides, so the CLI and the console agree on what "this environment" means.
 *
 * <p>{@link #toString()} masks the Redis password, the admin token and the reader token.
 *
 * @param serverUrl      base URL of the arena server, without a trailing slash
 * @param redisUrl       the Redis URL (may hold a password: print only {@link #maskedRedisUrl()})
 * @param backend        the broker backend this shell's environment selects
 * @param redisExplicit  true when {@code --redis} was given, so Redis is inspected whatever the backend
 * @param readonly       guarded actions are refused ({@code --readonly} or {@code ARENA_READONLY=1})
 * @param envLabel       {@code ARENA_ENV}, e.g. {@code prod}
 * @param auditLog       where guarded actions append their audit line
 * @param adminToken     bearer token for the server's admin endpoints
 * @param forkStuckAfter idle time after which a running fork counts as stuck
 * @param timeout        per-request bound for the server and Redis (connect and answer)
 * @param readerToken    the reader JWT sent on every read ({@code --token} or {@code ARENA_TOKEN}), when the server
 *     requires one
 */
public record DiagContext(
        String serverUrl,
        String redisUrl,
        Backend backend,
        boolean redisExplicit,
        boolean readonly,
        Optional<String> envLabel,
        Path auditLog,
        Optional<String> adminToken,
        Duration forkStuckAfter,
        Duration timeout,
        Optional<String> readerToken) {

    /** Default per-request bound: a dead server must be reported within a few seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    public DiagContext {
        Objects.requireNonNull(serverUrl, "serverUrl");
        Objects.requireNonNull(redisUrl, "redisUrl");
        Objects.requireNonNull(backend, "backend");
        serverUrl = serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
        envLabel = envLabel == null ? Optional.empty() : envLabel;
        adminToken = adminToken == null ? Optional.empty() : adminToken;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        readerToken = readerToken == null
                ? Optional.empty()
                : readerToken.filter(t -> !t.isBlank()).map(String::trim);
    }

    /**
     * The context {@code config} describes, with optional overrides from flags (null = not given).
     *
     * @param serverOverride {@code --server}
     * @param redisOverride  {@code --redis}
     * @param readonlyFlag   {@code --readonly}; read-only is on when either the flag or the config says so
     */
    public static DiagContext from(
            ArenaConfig config, String serverOverride, String redisOverride, boolean readonlyFlag) {
        boolean explicit = redisOverride != null && !redisOverride.isBlank();
        String redis = explicit ? redisOverride.trim() : config.redisUrl();
        if (explicit && !redis.startsWith("redis://") && !redis.startsWith("rediss://")) {
            throw new DiagException(
                    Fault.INPUT,
                    "--redis '" + RedisUrl.mask(redis)
                            + "' is not a Redis URL: expected redis://[:password@]host:port/db");
        }
        String server =
                serverOverride != null && !serverOverride.isBlank() ? serverOverride.trim() : config.serverUrl();
        if (!server.startsWith("http://") && !server.startsWith("https://")) {
            throw new DiagException(
                    Fault.INPUT,
                    "server URL '" + Secrets.maskUrl(server)
                            + "' is not an http(s) URL: expected e.g. http://127.0.0.1:8000");
        }
        return new DiagContext(
                server,
                redis,
                config.backend(),
                explicit,
                readonlyFlag || config.readonly(),
                config.envLabel(),
                config.auditLog(),
                config.adminToken(),
                config.forkStuckAfter(),
                DEFAULT_TIMEOUT,
                Optional.empty());
    }

    /** True when run state should be read straight from Redis (backend redis, or {@code --redis} given). */
    public boolean redisSelected() {
        return redisExplicit || backend == Backend.REDIS;
    }

    /** The Redis URL with its password masked. */
    public String maskedRedisUrl() {
        return RedisUrl.mask(redisUrl);
    }

    /** A copy with a different request timeout. */
    public DiagContext withTimeout(Duration newTimeout) {
        return with(newTimeout, readerToken);
    }

    /**
     * A copy that sends {@code token} as the reader token: {@code flag} ({@code --token}) when given, else
     * {@code env} ({@code ARENA_TOKEN}); either may be null.
     */
    public DiagContext withReaderToken(String flag, String env) {
        String token = flag != null && !flag.isBlank() ? flag : env;
        return with(timeout, Optional.ofNullable(token));
    }

    private DiagContext with(Duration newTimeout, Optional<String> newReaderToken) {
        return new DiagContext(
                serverUrl,
                redisUrl,
                backend,
                redisExplicit,
                readonly,
                envLabel,
                auditLog,
                adminToken,
                forkStuckAfter,
                newTimeout,
                newReaderToken);
    }

    @Override
    public String toString() {
        return "DiagContext[server=" + Secrets.maskUrl(serverUrl) + ", redis=" + maskedRedisUrl() + ", backend="
                + backend.wireName() + ", readonly=" + readonly + ", env=" + envLabel.orElse("-")
                + ", adminToken=" + Secrets.mask(adminToken.orElse(null)) + ", readerToken="
                + Secrets.mask(readerToken.orElse(null)) + "]";
    }
}
