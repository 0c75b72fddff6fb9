package dev.arena.server;

import dev.arena.config.HttpEdgeSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which {@code Host} names the server answers, the defence against DNS rebinding (docs/api.md,
 * "Requests the server refuses"): the loopback names ({@code localhost}, {@code 127.0.0.0/8},
 * {@code ::1}), the names in {@code ARENA_ALLOWED_HOSTS}, the configured bind host when it is not a
 * wildcard, and the IP literal of the local address the connection arrived on (an IP literal cannot
 * be rebound). Ports are not compared. Never resolves a name. Immutable and thread-safe.
 */
final class HostPolicy {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "0:0:0:0:0:0:0:0");

    private final List<String> allowed;
    private final String bindHost;

    /**
     * @param allowed  normalized names from {@code ARENA_ALLOWED_HOSTS}
     * @param bindHost {@code ARENA_HTTP_HOST}
     */
    HostPolicy(List<String> allowed, String bindHost) {
        this.allowed = List.copyOf(allowed);
        String bind = HttpEdgeSettings.normalize(bindHost == null ? "" : bindHost.trim());
        this.bindHost = bind == null || WILDCARDS.contains(bind) ? null : bind;
    }

    /**
     * Whether a request whose {@code Host} names {@code host} (already without its port) and that
     * arrived on {@code local} is answered.
     */
    boolean answers(String host, SocketAddress local) {
        String h = HttpEdgeSettings.normalize(host);
        if (h == null) {
            return false;
        }
        return isLoopback(h) || allowed.contains(h) || h.equals(bindHost) || h.equals(literalOf(local));
    }

    /** Whether {@code host} is named in {@code ARENA_ALLOWED_HOSTS} (an origin the operator trusts). */
    boolean isConfigured(String host) {
        String h = HttpEdgeSettings.normalize(host);
        return h != null && allowed.contains(h);
    }

    /** {@code localhost}, an IPv4 literal in 127.0.0.0/8, or the IPv6 loopback literal in any spelling. */
    static boolean isLoopback(String normalized) {
        if (normalized.equals("localhost")) {
            return true;
        }
        if (IPV4.matcher(normalized).matches()) {
            return normalized.startsWith("127.");
        }
        if (normalized.indexOf(':') >= 0) {
            try {
                // in brackets Java parses it as an IPv6 literal or fails: never a DNS lookup
                return InetAddress.getByName("[" + normalized + "]").isLoopbackAddress();
            } catch (UnknownHostException | SecurityException e) {
                return false;
            }
        }
        return false;
    }

    private static String literalOf(SocketAddress local) {
        if (local instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress().toLowerCase(Locale.ROOT).replaceFirst("%.*$", "");
        }
        return null;
    }

    /** For log lines and error details: what is answered. */
    String describe() {
        return "localhost, 127.0.0.0/8, [::1]" + (bindHost == null ? "" : ", " + bindHost)
                + (allowed.isEmpty() ? "" : ", " + String.join(", ", allowed));
    }
}
