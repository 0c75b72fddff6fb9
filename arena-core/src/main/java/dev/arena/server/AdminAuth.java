package dev.arena.server;

import dev.arena.auth.ReaderGrant;
import dev.arena.auth.ReaderTokens;
import dev.arena.auth.TokenRefusedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Bearer-token check for admin endpoints: 401 without an {@code Authorization: Bearer} header,
 * 403 with a wrong token or when the server has none configured (the detail says how to enable
 * it). Tokens are compared in constant time and never logged. When reader authorization is on, a reader JWT
 * whose {@code arena.admin} claim is true is accepted too (a valid one without it is 403).
 */
final class AdminAuth {

    private final byte[] token;
    private final ReaderTokens readers;

    AdminAuth(Optional<String> token, ReaderTokens readers) {
        this.readers = readers;
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
        String bearer = header.substring(7).trim();
        if (token != null && MessageDigest.isEqual(bearer.getBytes(StandardCharsets.UTF_8), token)) {
            return;
        }
        if (readers.required()) {
            checkJwt(bearer);
            return;
        }
        if (token == null) {
            throw new ApiException(
                    403,
                    "forbidden",
                    "admin endpoints are disabled on this server: set ARENA_ADMIN_TOKEN on the server and restart it");
        }
        throw new ApiException(403, "forbidden", "wrong admin token (check ARENA_ADMIN_TOKEN)");
    }

    private void checkJwt(String bearer) {
        ReaderGrant grant;
        try {
            grant = readers.verify(bearer);
        } catch (TokenRefusedException e) {
            throw new ApiException(
                    403,
                    "forbidden",
                    "neither the admin token (ARENA_ADMIN_TOKEN) nor a usable admin JWT: " + e.getMessage());
        }
        if (!grant.admin()) {
            throw new ApiException(
                    403,
                    "forbidden",
                    "the token of " + grant.subject()
                            + " is not an admin token: mint one with arena diag token --admin,"
                            + " or send ARENA_ADMIN_TOKEN");
        }
    }
}
