package dev.arena.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Bearer-token check for admin endpoints: 401 without an {@code Authorization: Bearer} header,
 * 403 with a wrong token or when the server has none configured (the detail says how to enable
 * it). Tokens are compared in constant time and never logged.
 */
final class AdminAuth {

    private final byte[] token;

    AdminAuth(Optional<String> token) {
        this.token = token.filter(t -> !t.isBlank())
                .map(t -> t.getBytes(StandardCharsets.UTF_8))
                .orElse(null);
    }

    /** Returns normally when the request carries the admin token; else throws the 401/403 answer. */
    void check(Exchange exchange) {
        String header = exchange.header(HttpHeader.AUTHORIZATION);
        if (header == null
                || !header.regionMatches(true, 0, "Bearer ", 0, 7)
                || header.substring(7).isBlank()) {
            exchange.response().getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"arena-admin\"");
            throw new ApiException(
                    401, "unauthorized", "admin endpoint: send the header 'Authorization: Bearer <ARENA_ADMIN_TOKEN>'");
        }
        if (token == null) {
            throw new ApiException(
                    403,
                    "forbidden",
                    "admin endpoints are disabled on this server: set ARENA_ADMIN_TOKEN on the server and restart it");
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token)) {
            throw new ApiException(403, "forbidden", "wrong admin token (check ARENA_ADMIN_TOKEN)");
        }
    }
}
