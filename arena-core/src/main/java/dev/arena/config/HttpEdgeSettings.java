package dev.arena.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How {@code arena server} guards its HTTP edge (docs/configuration.md): the extra {@code Host}
 * names it answers besides the loopback names ({@code ARENA_ALLOWED_HOSTS}), how many connections
 * it holds at once ({@code ARENA_MAX_CONNECTIONS}) and how long a client may take to send a whole
 * request head ({@code ARENA_HEADER_TIMEOUT}). Read and validated by {@link ArenaConfig#from}.
 *
 * @param allowedHosts        lower-case host names or IP literals (IPv6 without brackets), no ports
 * @param maxConnections      connections held at once; past it the server stops accepting until one closes
 * @param requestHeadTimeout  deadline for the whole request head, however slowly its bytes trickle in
 */
public record HttpEdgeSettings(List<String> allowedHosts, int maxConnections, Duration requestHeadTimeout) {

    /** 10,000 SSE clients (docs/benchmarks.md) plus room for the API, diag and consoles. */
    public static final int DEFAULT_MAX_CONNECTIONS = 12_000;

    /** Generous for any real client, which sends its head in one packet. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(15);

    /** No extra host names, the default connection cap and header timeout. */
    public static final HttpEdgeSettings DEFAULTS =
            new HttpEdgeSettings(List.of(), DEFAULT_MAX_CONNECTIONS, DEFAULT_HEADER_TIMEOUT);

    private static final Pattern DNS_NAME = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*");

    public HttpEdgeSettings {
        allowedHosts = List.copyOf(Objects.requireNonNull(allowedHosts, "allowedHosts"));
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
        }
        if (requestHeadTimeout == null || requestHeadTimeout.isNegative() || requestHeadTimeout.isZero()) {
            throw new IllegalArgumentException("requestHeadTimeout must be positive, got " + requestHeadTimeout);
        }
    }

    /**
     * Parses {@code ARENA_ALLOWED_HOSTS}: comma-separated host names or IP literals, without scheme
     * or port; blank means none.
     *
     * @throws ConfigException naming the variable and the entry that is not a host name
     */
    static List<String> allowedHosts(Map<String, String> env) {
        String raw = env.get("ARENA_ALLOWED_HOSTS");
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        List<String> hosts = new ArrayList<>();
        for (String part : raw.split(",", -1)) {
            String host = normalize(part.trim());
            if (host == null) {
                throw new ConfigException(
                        "ARENA_ALLOWED_HOSTS",
                        "ARENA_ALLOWED_HOSTS='" + shown(raw) + "' has "
                                + (part.isBlank()
                                        ? "an empty entry"
                                        : "'" + shown(part.trim()) + "', which is not a host name")
                                + ": give comma-separated host names or IP addresses without scheme or port, "
                                + "e.g. ARENA_ALLOWED_HOSTS=arena.example.com,10.0.0.5");
            }
            if (!hosts.contains(host)) {
                hosts.add(host);
            }
        }
        return List.copyOf(hosts);
    }

    /**
     * The canonical form of one host name or IP literal: lower case, no trailing dot, IPv6 without
     * brackets; null when {@code host} is not one (a port, a scheme, a path, a wildcard, spaces).
     */
    public static String normalize(String host) {
        if (host == null || host.isEmpty()) {
            return null;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            String inner = h.substring(1, h.length() - 1);
            return IPV6.matcher(inner).matches() ? inner : null;
        }
        if (IPV6.matcher(h).matches()) {
            return h.indexOf(':') != h.lastIndexOf(':') ? h : null; // one colon is host:port, not IPv6
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return DNS_NAME.matcher(h).matches() ? h : null;
    }

    private static String shown(String raw) {
        String s = raw.replaceAll("\\p{Cntrl}", "?");
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
