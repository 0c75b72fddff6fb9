package dev.arena.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.arena.config.ReaderAuthSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Signs HS256 reader tokens with the server's shared secret ({@code arena diag token}): the claims
 * {@link ReaderTokens} reads ({@code sub}, {@code iat}, {@code exp}, {@code arena.runs}, {@code arena.kinds},
 * {@code arena.admin}). Any standard JWT library can mint the same tokens.
 */
public final class TokenMinter {

    private final byte[] secret;

    /**
     * @throws IllegalArgumentException for a secret under {@value ReaderAuthSettings#MIN_SECRET_BYTES} bytes
     */
    public TokenMinter(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < ReaderAuthSettings.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the secret is " + secret.length + " bytes: HS256 needs at least "
                    + ReaderAuthSettings.MIN_SECRET_BYTES);
        }
        this.secret = secret.clone();
    }

    /**
     * A signed token.
     *
     * @param runs  run ids, or {@code ["*"]} for every run
     * @param kinds event-kind prefixes, or null for every kind
     * @param ttl   how long from {@code now} it is valid (positive)
     */
    public String mint(
            String subject, List<String> runs, List<String> kinds, boolean admin, Instant now, Duration ttl) {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("a token needs a subject (--sub NAME): who reads with it");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("the token's lifetime must be positive, got " + ttl);
        }
        Map<String, Object> arena = new LinkedHashMap<>();
        arena.put("runs", List.copyOf(runs));
        if (kinds != null) {
            arena.put("kinds", List.copyOf(kinds));
        }
        arena.put("admin", admin);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .claim(ReaderTokens.CLAIM, arena)
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign the token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }
}
