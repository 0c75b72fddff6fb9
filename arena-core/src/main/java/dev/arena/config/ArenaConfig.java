package dev.arena.config;

import dev.arena.wire.Backend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every setting of docs/configuration.md, read from an environment map at the moment {@link #from} is called (never
 * cached at class-load), validated up front: a bad value fails at once, naming the variable.
 */
public record ArenaConfig(
        Backend backend,
        String redisUrl,
        BrokerSettings brokerSettings,
        Duration reaperGrace,
        Duration forkStuckAfter,
        String httpHost,
        int httpPort,
        StoreLocation store,
        Optional<String> adminToken,
        String serverUrl,
        Path auditLog,
        Optional<String> envLabel,
        boolean readonly,
        HttpEdgeSettings httpEdge,
        RegistrySettings registry,
        ReaderAuthSettings readerAuth) {

    /** Where the factory's Redis URL falls back to when neither REDIS_URL nor REDIS_PASSWORD is set. */
    public static final String DEFAULT_REDIS_URL = "redis://localhost:6379/0";

    /** Reads the process environment now. */
    public static ArenaConfig fromSystemEnv() {
        return from(System.getenv());
    }

    /**
     * @throws ConfigException naming the first bad variable
     */
    public static ArenaConfig from(Map<String, String> env) {
        Map<String, String> e = env == null ? Map.of() : env;
        int maxLen = positiveInt(e, "ARENA_STREAM_MAXLEN", 10_000);
        int maxBytes = positiveInt(e, "ARENA_MAX_EVENT_BYTES", 256 * 1024);
        if (maxBytes < 256) {
            throw new ConfigException(
                    "ARENA_MAX_EVENT_BYTES",
                    "ARENA_MAX_EVENT_BYTES=" + maxBytes + " is too small: use at least 256 (default 262144)");
        }
        BrokerSettings broker = new BrokerSettings(
                duration(e, "ARENA_RUN_TTL", Duration.ofHours(6), false),
                maxLen,
                duration(e, "ARENA_CLOSED_RETENTION", Duration.ofHours(1), true),
                maxBytes,
                streamMaxAge(e));
        return new ArenaConfig(
                backend(e),
                redisUrl(e),
                broker,
                duration(e, "ARENA_REAPER_GRACE", Duration.ofMinutes(30), false),
                duration(e, "ARENA_FORK_STUCK_AFTER", Duration.ofSeconds(60), false),
                text(e, "ARENA_HTTP_HOST").orElse("127.0.0.1"),
                port(e),
                store(e),
                text(e, "ARENA_ADMIN_TOKEN"),
                text(e, "ARENA_SERVER_URL").orElse("http://127.0.0.1:8000"),
                Path.of(text(e, "ARENA_AUDIT_LOG").orElse("data/audit.jsonl")),
                text(e, "ARENA_ENV"),
                flag(e, "ARENA_READONLY"),
                new HttpEdgeSettings(
                        HttpEdgeSettings.allowedHosts(e),
                        positiveInt(e, "ARENA_MAX_CONNECTIONS", HttpEdgeSettings.DEFAULT_MAX_CONNECTIONS),
                        duration(e, "ARENA_HEADER_TIMEOUT", HttpEdgeSettings.DEFAULT_HEADER_TIMEOUT, false)),
                new RegistrySettings(
                        duration(e, "ARENA_REGISTRY_HEARTBEAT", RegistrySettings.DEFAULT_HEARTBEAT, false),
                        duration(e, "ARENA_REGISTRY_TTL", RegistrySettings.DEFAULT_TTL, false),
                        text(e, "ARENA_ADVERTISED_URL")),
                ReaderAuthSettings.from(e));
    }

    /**
     * Parses {@code ARENA_DB}: a DuckDB file path (default {@value StoreLocation#DEFAULT}) or a
     * {@code postgresql://user:password@host:port/database} URL; anything else fails naming the variable.
     */
    public static StoreLocation store(Map<String, String> env) {
        Optional<String> v = text(env, "ARENA_DB");
        try {
            return StoreLocation.parse(v.orElse(StoreLocation.DEFAULT));
        } catch (IllegalArgumentException ex) {
            throw new ConfigException("ARENA_DB", "ARENA_DB " + ex.getMessage());
        }
    }

    /**
     * Every secret this configuration holds (admin token, Redis password, the JWT secret, the store's password and
     * secret parameters), for scrubbing text; nulls left out.
     */
    public String[] secrets() {
        return Stream.concat(
                        Stream.of(adminToken.orElse(null), RedisUrl.passwordOf(redisUrl), readerAuth.secretText()),
                        store.secrets().stream())
                .filter(Objects::nonNull)
                .toArray(String[]::new);
    }

    /** The Redis URL with its password masked, for printing. */
    public String maskedRedisUrl() {
        return RedisUrl.mask(redisUrl);
    }

    /**
     * Parses {@code ARENA_BROKER_BACKEND}: trimmed, case-insensitive, default {@code inprocess};
     * anything else fails naming the variable and the valid values — never a silent fallback.
     */
    public static Backend backend(Map<String, String> env) {
        String raw = env.get("ARENA_BROKER_BACKEND");
        if (raw == null || raw.isBlank()) {
            return Backend.INPROCESS;
        }
        String v = raw.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "inprocess" -> Backend.INPROCESS;
            case "redis" -> Backend.REDIS;
            default ->
                throw new ConfigException(
                        "ARENA_BROKER_BACKEND",
                        "ARENA_BROKER_BACKEND='" + shown(raw)
                                + "' is not a broker backend: valid values are 'inprocess' (default) and 'redis'");
        };
    }

    /** REDIS_URL if set; else a URL built from REDIS_PASSWORD (URL-encoded); else the local default. */
    public static String redisUrl(Map<String, String> env) {
        Optional<String> url = text(env, "REDIS_URL");
        if (url.isPresent()) {
            String u = url.get();
            if (!u.startsWith("redis://") && !u.startsWith("rediss://") && !u.startsWith("redis-socket://")) {
                throw new ConfigException(
                        "REDIS_URL",
                        "REDIS_URL='" + RedisUrl.mask(u)
                                + "' is not a Redis URL: expected redis://[:password@]host:port/db or rediss://…");
            }
            try {
                RedisUrl.parse(u);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(
                        "REDIS_URL", "REDIS_URL='" + RedisUrl.mask(u) + "' is not usable: " + e.getMessage());
            }
            return u;
        }
        Optional<String> password =
                Optional.ofNullable(env.get("REDIS_PASSWORD")).filter(p -> !p.isEmpty());
        return password.map(RedisUrl::localWithPassword).orElse(DEFAULT_REDIS_URL);
    }

    private static Optional<String> text(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    private static boolean flag(Map<String, String> env, String name) {
        Optional<String> v = text(env, name);
        if (v.isEmpty()) {
            return false;
        }
        return switch (v.get().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off" -> false;
            default ->
                throw new ConfigException(
                        name, name + "='" + shown(v.get()) + "' is not a flag: use 1/true/yes or 0/false/no");
        };
    }

    private static int positiveInt(Map<String, String> env, String name, int fallback) {
        Optional<String> v = text(env, name);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.get().replace("_", ""));
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException ex) {
            throw new ConfigException(
                    name, name + "='" + shown(v.get()) + "' is not a positive whole number (default " + fallback + ")");
        }
    }

    private static int port(Map<String, String> env) {
        Optional<String> v = text(env, "ARENA_HTTP_PORT");
        if (v.isEmpty()) {
            return 8000;
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n < 0 || n > 65535) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException ex) {
            throw new ConfigException(
                    "ARENA_HTTP_PORT",
                    "ARENA_HTTP_PORT='" + shown(v.get())
                            + "' is not a TCP port (0-65535; 0 picks a free one; default 8000)");
        }
    }

    private static Duration duration(Map<String, String> env, String name, Duration fallback, boolean zeroAllowed) {
        Optional<String> v = text(env, name);
        if (v.isEmpty()) {
            return fallback;
        }
        Duration d;
        try {
            d = Durations.parse(v.get());
        } catch (IllegalArgumentException ex) {
            throw new ConfigException(
                    name, name + "=" + ex.getMessage() + " (default " + Durations.humanize(fallback) + ")");
        }
        if (d.isNegative() || (!zeroAllowed && d.isZero())) {
            throw new ConfigException(
                    name, name + "='" + v.get() + "' must be " + (zeroAllowed ? "zero or more" : "positive"));
        }
        return d;
    }

    /** The shortest {@code ARENA_STREAM_MAX_AGE}: the archiver, which trims by age, passes about once a second. */
    static final Duration MIN_STREAM_MAX_AGE = Duration.ofSeconds(1);

    /**
     * Parses {@code ARENA_STREAM_MAX_AGE}: unset or blank is {@link Duration#ZERO} (no age bound); else a duration of
     * at least {@link #MIN_STREAM_MAX_AGE}; anything else fails naming the variable and the value.
     */
    private static Duration streamMaxAge(Map<String, String> env) {
        String name = "ARENA_STREAM_MAX_AGE";
        Optional<String> v = text(env, name);
        if (v.isEmpty()) {
            return Duration.ZERO;
        }
        Duration d;
        try {
            d = Durations.parse(v.get());
        } catch (IllegalArgumentException ex) {
            throw new ConfigException(
                    name, name + "=" + ex.getMessage() + " (unset: no age bound, only ARENA_STREAM_MAXLEN)");
        }
        if (d.compareTo(MIN_STREAM_MAX_AGE) < 0) {
            throw new ConfigException(
                    name,
                    name + "='" + shown(v.get()) + "' is too short: use at least 1s, e.g. 1h"
                            + " (unset: no age bound, only ARENA_STREAM_MAXLEN)");
        }
        return d;
    }

    private static String shown(String raw) {
        String s = raw.replaceAll("\\p{Cntrl}", "?");
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }
}
