package dev.arena.server;

import dev.arena.auth.ReaderGrant;
import dev.arena.auth.ReaderTokens;
import dev.arena.auth.TokenRefusedException;
import dev.arena.broker.RunId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * The reader check of every read endpoint (docs/api.md, "Authorization"): finds the request's token
 * ({@code Authorization: Bearer}, else the {@code access_token} query parameter, else the {@code arena_token}
 * cookie), has {@link ReaderTokens} turn it into a {@link ReaderGrant}, and answers 401 (no or bad token) or 403
 * (a run, or an admin-only endpoint, not permitted) as JSON. With authorization off every request gets
 * {@link ReaderGrant#open()}. A WebSocket upgrade calls {@link #authenticate(Request)} the same way. Never puts a
 * token in an answer or a log.
 */
final class ReaderGuard {

    static final String QUERY_PARAMETER = "access_token";
    static final String COOKIE = "arena_token";

    private final ReaderTokens tokens;

    ReaderGuard(ReaderTokens tokens) {
        this.tokens = tokens;
    }

    /** True when reads need a token. */
    boolean required() {
        return tokens.required();
    }

    /** The grant of the request's token; {@link ReaderGrant#open()} when reads are open; else 401. */
    ReaderGrant authenticate(Request request) {
        if (!tokens.required()) {
            return ReaderGrant.open();
        }
        try {
            return tokens.verify(token(request));
        } catch (TokenRefusedException e) {
            throw new ApiException(401, e.reason().code(), e.getMessage());
        }
    }

    /** The grant of {@code token} (a WebSocket's {@code auth} message); {@link ReaderGrant#open()} when reads are open. */
    ReaderGrant verify(String token) {
        if (!tokens.required()) {
            return ReaderGrant.open();
        }
        try {
            return tokens.verify(token);
        } catch (TokenRefusedException e) {
            throw new ApiException(401, e.reason().code(), e.getMessage());
        }
    }

    ReaderGrant authenticate(Exchange exchange) {
        try {
            return authenticate(exchange.request());
        } catch (ApiException e) {
            exchange.response().getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"arena\"");
            throw e;
        }
    }

    /** The grant of the request's token when it may read {@code run}; else 401 or 403. */
    ReaderGrant authorize(Exchange exchange, RunId run) {
        ReaderGrant grant = authenticate(exchange);
        refuseUnlessPermitted(grant, run);
        return grant;
    }

    /** 403 unless {@code grant} may read {@code run} (for a WebSocket subscribe: catch it and send an error frame). */
    static void refuseUnlessPermitted(ReaderGrant grant, RunId run) {
        if (!grant.mayRead(run)) {
            throw new ApiException(
                    403,
                    "forbidden",
                    "the token of " + grant.subject() + " does not permit run " + run
                            + ": mint one whose runs include it (arena diag token --runs " + run + ")");
        }
    }

    /** For endpoints that show every run's state: 401 without a valid token, 403 unless it is an admin token. */
    ReaderGrant requireAdmin(Exchange exchange) {
        ReaderGrant grant = authenticate(exchange);
        if (required() && !grant.admin()) {
            throw new ApiException(
                    403,
                    "forbidden",
                    "this endpoint needs an admin token: the token of " + grant.subject()
                            + " has no admin claim (arena diag token --admin)");
        }
        return grant;
    }

    /** The token a request carries, from the first of header, query parameter and cookie that has one; else null. */
    static String token(Request request) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header != null
                && header.regionMatches(true, 0, "Bearer ", 0, 7)
                && !header.substring(7).isBlank()) {
            return header.substring(7).trim();
        }
        Fields query;
        try {
            query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        } catch (RuntimeException malformed) {
            query = null;
        }
        if (query != null) {
            Fields.Field field = query.get(QUERY_PARAMETER);
            if (field != null) {
                List<String> values = field.getValues();
                if (values.size() > 1) {
                    throw new ApiException(
                            401,
                            "token_invalid",
                            "the access_token query parameter is given more than once: send it once");
                }
                if (!values.get(0).isBlank()) {
                    return values.get(0);
                }
            }
        }
        List<HttpCookie> cookies = Request.getCookies(request);
        for (HttpCookie cookie : cookies) {
            if (COOKIE.equals(cookie.getName()) && !cookie.getValue().isBlank()) {
                return cookie.getValue();
            }
        }
        return null;
    }
}
