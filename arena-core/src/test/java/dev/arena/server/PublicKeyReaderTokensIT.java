package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.arena.broker.RunId;
import dev.arena.config.ReaderAuthSettings;
import dev.arena.fixture.ServerFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server given an issuer's public key ({@code ARENA_AUTH_JWT_PUBLIC_KEY}, PEM) accepts tokens that issuer signed —
 * RS256 for an RSA key, ES256 for an EC P-256 key — and refuses a token signed with another key or as HS256 with the
 * key's text as the secret (the algorithm-confusion attack).
 */
class PublicKeyReaderTokensIT {

    @TempDir
    Path dir;

    private static String pem(KeyPair keys) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static String token(JWSSigner signer, JWSAlgorithm alg) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject("issuer-signed")
                .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .claim("arena", Map.of("runs", List.of("*")))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static int status(ServerFixture fx, String path, String token) throws Exception {
        return fx.call(new Request.Builder()
                        .url(fx.url(path))
                        .header("Authorization", "Bearer " + token)
                        .build())
                .status();
    }

    @Test
    void rs256TokensOfTheIssuer_areAccepted_othersRefused() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair issuer = rsa.generateKeyPair();
        KeyPair stranger = rsa.generateKeyPair();
        String pem = pem(issuer);
        try (ServerFixture fx = ServerFixture.builder(dir)
                .env(ReaderAuthSettings.PUBLIC_KEY_VARIABLE, pem)
                .start()) {
            RunId run = fx.finishedRun(2);

            assertThat(status(fx, "/runs/" + run, token(new RSASSASigner(issuer.getPrivate()), JWSAlgorithm.RS256)))
                    .isEqualTo(200);
            assertThat(status(fx, "/runs/" + run, token(new RSASSASigner(stranger.getPrivate()), JWSAlgorithm.RS256)))
                    .isEqualTo(401);
            assertThat(status(
                            fx,
                            "/runs/" + run,
                            token(new MACSigner(pem.getBytes(StandardCharsets.US_ASCII)), JWSAlgorithm.HS256)))
                    .as("HS256 signed with the public key's text")
                    .isEqualTo(401);
        }
    }

    @Test
    void es256TokensOfTheIssuer_areAccepted() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair issuer = ec.generateKeyPair();
        try (ServerFixture fx = ServerFixture.builder(dir)
                .env(ReaderAuthSettings.PUBLIC_KEY_VARIABLE, pem(issuer))
                .start()) {
            RunId run = fx.finishedRun(2);

            assertThat(status(
                            fx,
                            "/runs/" + run,
                            token(new ECDSASigner((ECPrivateKey) issuer.getPrivate()), JWSAlgorithm.ES256)))
                    .isEqualTo(200);
            assertThat(status(fx, "/runs/" + run, "not-a-token")).isEqualTo(401);
        }
    }
}
