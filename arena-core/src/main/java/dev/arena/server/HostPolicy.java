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

    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "0:0:0:0:0:0:0:0");

    /** The host and port of a {@code Host} header; {@code port} is -1 when absent. */
    record Authority(String host, int port) {
        int portOr(int fallback) {
            return port < 0 ? fallback : port;
        }
    }

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

    /**
     * Splits a {@code Host} header into host and port; null when it is not {@code host[:port]}
     * (a bracketed IPv6 literal for an IPv6 host). Parsed here rather than with Jetty's
     * {@code HostPort}, which logs a WARN line for each bad value a client sends.
     */
    static Authority parseAuthority(String header) {
        String h = header.trim();
        String host;
        String port;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = h.substring(0, close + 1);
            String rest = h.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                return null;
            }
            port = rest.isEmpty() ? "" : rest.substring(1);
        } else {
            int colon = h.indexOf(':');
            if (colon != h.lastIndexOf(':')) {
                return null;
            }
            host = colon < 0 ? h : h.substring(0, colon);
            port = colon < 0 ? "" : h.substring(colon + 1);
        }
        if (HttpEdgeSettings.normalize(host) == null
                || port.length() > 5
                || !port.chars().allMatch(Character::isDigit)) {
            return null;
        }
        int p = port.isEmpty() ? -1 : Integer.parseInt(port);
        return p > 65535 ? null : new Authority(host, p);
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
