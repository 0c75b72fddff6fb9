package dev.arena.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.arena.auth.TokenRefusedException.Reason;
import dev.arena.config.ReaderAuthSettings;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a reader's JWT into its {@link ReaderGrant}: the one check every transport makes, once per connection
 * (and again for a token a WebSocket client sends to carry on). The token must be signed with the configured key
 * and only its algorithm (HS256 for a secret, RS256 for an RSA key, ES256 for an EC key), carry {@code exp} in the
 * future, and hold its permissions in the {@code arena} claim: {@code runs} (ids or {@code "*"}), {@code kinds}
 * (prefixes; absent: all), {@code admin}. Thread-safe.
 */
public final class ReaderTokens {

    /** The claim holding Arena's permissions. */
    public static final String CLAIM = "arena";

    private final JWSAlgorithm algorithm;
    private final JWSVerifier verifier;
    private final Clock clock;

    private ReaderTokens(JWSAlgorithm algorithm, JWSVerifier verifier, Clock clock) {
        this.algorithm = algorithm;
        this.verifier = verifier;
        this.clock = clock;
    }

    /** The checker {@code settings} describe; when they are off, {@link #required()} is false and nothing verifies. */
    public static ReaderTokens from(ReaderAuthSettings settings, Clock clock) {
        try {
            if (settings.secret().isPresent()) {
                return new ReaderTokens(
                        JWSAlgorithm.HS256, new MACVerifier(settings.secret().get()), clock);
            }
            if (settings.publicKey().isPresent()) {
                PublicKey key = settings.publicKey().get();
                if (key instanceof RSAPublicKey rsa) {
                    return new ReaderTokens(JWSAlgorithm.RS256, new RSASSAVerifier(rsa), clock);
                }
                if (key instanceof ECPublicKey ec) {
                    return new ReaderTokens(JWSAlgorithm.ES256, new ECDSAVerifier(ec), clock);
                }
                throw new IllegalArgumentException("unsupported public key type " + key.getAlgorithm());
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable JWT verification key: " + e.getMessage(), e);
        }
        return new ReaderTokens(null, null, clock);
    }

    /** True when reads need a token. */
    public boolean required() {
        return verifier != null;
    }

    /** The one algorithm tokens must be signed with ({@code HS256}, {@code RS256} or {@code ES256}); null when off. */
    public String algorithm() {
        return algorithm == null ? null : algorithm.getName();
    }

    /**
     * The grant {@code token} carries.
     *
     * @throws TokenRefusedException missing, malformed, unsigned, wrongly signed, expired, or with claims of the
     *     wrong shape (the message never holds the token)
     * @throws IllegalStateException when reads are open ({@link #required()} false)
     */
    public ReaderGrant verify(String token) {
        if (verifier == null) {
            throw new IllegalStateException("reader authorization is off: there is no key to verify tokens with");
        }
        if (token == null || token.isBlank()) {
            throw new TokenRefusedException(
                    Reason.TOKEN_MISSING,
                    "a reader token is required: send 'Authorization: Bearer <JWT>' (or the access_token query"
                            + " parameter, or the arena_token cookie); mint one with arena diag token");
        }
        JWT parsed;
        try {
            parsed = JWTParser.parse(token.trim());
        } catch (ParseException e) {
            throw invalid("the token is not a JWT (" + e.getMessage() + ")");
        }
        if (parsed instanceof PlainJWT) {
            throw invalid("the token is unsigned (alg none): only " + algorithm + "-signed tokens are accepted");
        }
        if (!(parsed instanceof SignedJWT jwt)) {
            throw invalid("the token is encrypted (JWE): send a " + algorithm + "-signed JWS");
        }
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (!algorithm.equals(alg)) {
            throw invalid("the token is signed with " + alg + ": this server accepts only " + algorithm);
        }
        try {
            if (!jwt.verify(verifier)) {
                throw invalid("the token's signature does not verify: it was not signed with this server's key");
            }
        } catch (JOSEException e) {
            throw invalid("the token's signature cannot be checked: " + e.getMessage());
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid("the token's claims are not a JSON object");
        }
        return grant(claims);
    }

    private ReaderGrant grant(JWTClaimsSet claims) {
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw invalid("the token has no exp claim: reader tokens must expire (mint one with --ttl)");
        }
        Instant now = clock.instant();
        if (!now.isBefore(exp.toInstant())) {
            throw new TokenRefusedException(
                    Reason.TOKEN_EXPIRED,
                    "the token expired at " + exp.toInstant() + ": mint a fresh one (arena diag token) and reconnect");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.isBefore(nbf.toInstant())) {
            throw invalid("the token is not valid before " + nbf.toInstant());
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw invalid("the token has no sub claim: say who the reader is");
        }
        Object raw = claims.getClaim(CLAIM);
        if (raw == null) {
            throw invalid("the token has no '" + CLAIM + "' claim: it must hold {\"runs\": [...], \"kinds\": [...],"
                    + " \"admin\": bool} (mint one with arena diag token)");
        }
        if (!(raw instanceof Map<?, ?> arena)) {
            throw invalid("the '" + CLAIM + "' claim must be a JSON object");
        }
        Optional<Set<String>> runs = runs(arena.get("runs"));
        Optional<List<String>> kinds = kinds(arena.get("kinds"));
        Object admin = arena.get("admin");
        if (admin != null && !(admin instanceof Boolean)) {
            throw invalid("claim " + CLAIM + ".admin must be true or false");
        }
        return new ReaderGrant(subject, runs, kinds, Boolean.TRUE.equals(admin), Optional.of(exp.toInstant()));
    }

    /** {@code "*"} or {@code ["*"]}: every run; a list of ids: those; absent: none. */
    private static Optional<Set<String>> runs(Object raw) {
        if (raw == null) {
            return Optional.of(Set.of());
        }
        if ("*".equals(raw)) {
            return Optional.empty();
        }
        List<String> ids = strings(raw, "runs", "a list of run ids or \"*\"");
        if (ids.contains("*")) {
            return Optional.empty();
        }
        return Optional.of(new LinkedHashSet<>(ids));
    }

    private static Optional<List<String>> kinds(Object raw) {
        if (raw == null) {
            return Optional.empty();
        }
        return Optional.of(strings(raw, "kinds", "a list of event-kind prefixes such as [\"agent.\", \"phase.\"]"));
    }

    private static List<String> strings(Object raw, String name, String expected) {
        if (!(raw instanceof List<?> list)) {
            throw invalid("claim " + CLAIM + "." + name + " must be " + expected);
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s) || s.isEmpty()) {
                throw invalid("claim " + CLAIM + "." + name + " must be " + expected);
            }
            out.add(s);
        }
        return out;
    }

    private static TokenRefusedException invalid(String message) {
        return new TokenRefusedException(Reason.TOKEN_INVALID, message);
    }
}
