package dev.arena.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a server announces itself to its peers in Redis (docs/configuration.md, "Several servers"):
 * how often it renews its entry ({@code ARENA_REGISTRY_HEARTBEAT}), how long an entry stays listed
 * without a renewal ({@code ARENA_REGISTRY_TTL}: a server killed with {@code kill -9} leaves the
 * list within it) and the URL its peers and tools should use ({@code ARENA_ADVERTISED_URL}; default
 * the URL it is bound to). Read and validated by {@link ArenaConfig#from}.
 *
 * @param heartbeat     at least {@value #MIN_HEARTBEAT_MILLIS} ms
 * @param ttl           at least twice the heartbeat, so one late or lost renewal never drops a live server
 * @param advertisedUrl {@code http(s)://host[:port]}, without a trailing slash; empty: the bound URL
 */
public record RegistrySettings(Duration heartbeat, Duration ttl, Optional<String> advertisedUrl) {

    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);
    static final long MIN_HEARTBEAT_MILLIS = 100;

    /** Heartbeat 2 s, TTL 10 s, the bound URL. */
    public static final RegistrySettings DEFAULTS =
            new RegistrySettings(DEFAULT_HEARTBEAT, DEFAULT_TTL, Optional.empty());

    public RegistrySettings {
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(ttl, "ttl");
        advertisedUrl = advertisedUrl == null ? Optional.empty() : advertisedUrl;
        if (heartbeat.toMillis() < MIN_HEARTBEAT_MILLIS) {
            throw new ConfigException(
                    "ARENA_REGISTRY_HEARTBEAT",
                    "ARENA_REGISTRY_HEARTBEAT=" + Durations.humanize(heartbeat) + " is too short: use at least "
                            + MIN_HEARTBEAT_MILLIS + "ms (default " + Durations.humanize(DEFAULT_HEARTBEAT) + ")");
        }
        if (ttl.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new ConfigException(
                    "ARENA_REGISTRY_TTL",
                    "ARENA_REGISTRY_TTL=" + Durations.humanize(ttl)
                            + " must be at least twice ARENA_REGISTRY_HEARTBEAT=" + Durations.humanize(heartbeat)
                            + ", or one late heartbeat drops a live server from the list (defaults: heartbeat "
                            + Durations.humanize(DEFAULT_HEARTBEAT) + ", TTL " + Durations.humanize(DEFAULT_TTL) + ")");
        }
        advertisedUrl.ifPresent(RegistrySettings::checkUrl);
        advertisedUrl = advertisedUrl.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    }

    private static void checkUrl(String url) {
        String problem = null;
        try {
            URI uri = new URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                problem = "its scheme is not http or https";
            } else if (uri.getHost() == null) {
                problem = "it names no host";
            } else if (uri.getUserInfo() != null) {
                problem = "it holds credentials, which every peer and tool would print";
            } else if (uri.getPath() != null
                            && !uri.getPath().isEmpty()
                            && !uri.getPath().equals("/")
                    || uri.getQuery() != null
                    || uri.getFragment() != null) {
                problem = "it has a path, query or fragment";
            }
        } catch (URISyntaxException e) {
            problem = "it does not parse (" + e.getReason() + ")";
        }
        if (problem != null) {
            throw new ConfigException(
                    "ARENA_ADVERTISED_URL",
                    "ARENA_ADVERTISED_URL='" + Secrets.maskUrl(url) + "' is not usable: " + problem
                            + "; expected the URL peers and tools reach this server at, e.g. http://arena-1.internal:8000");
        }
    }
}
