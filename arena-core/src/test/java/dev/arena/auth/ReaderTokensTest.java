package dev.arena.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.arena.broker.RunId;
import dev.arena.config.ConfigException;
import dev.arena.config.ReaderAuthSettings;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A PEM public key selects RS256 (RSA) or ES256 (EC P-256) and only that algorithm; claims of the wrong shape are
 * refused naming the claim; kinds are prefixes and the terminal event is always visible.
 */
class ReaderTokensTest {

    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static String pem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    static ReaderTokens tokensFor(String pem) {
        return ReaderTokens.from(ReaderAuthSettings.from(Map.of(ReaderAuthSettings.PUBLIC_KEY_VARIABLE, pem)), CLOCK);
    }

    static JWTClaimsSet claims(Object arena) {
        return new JWTClaimsSet.Builder()
                .subject("sam")
                .expirationTime(Date.from(NOW.plusSeconds(60)))
                .claim("arena", arena)
                .build();
    }

    @Test
    void anRsaKeyAcceptsRs256_andRefusesAnHs256TokenSignedWithAnythingElse() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        ReaderTokens tokens = tokensFor(pem(pair));
        assertThat(tokens.algorithm()).isEqualTo("RS256");

        SignedJWT rs = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims(Map.of("runs", "*")));
        rs.sign(new RSASSASigner(pair.getPrivate()));
        assertThat(tokens.verify(rs.serialize()).allRuns()).isTrue();

        SignedJWT hs = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(Map.of("runs", "*")));
        hs.sign(new MACSigner(new byte[32]));
        assertThatThrownBy(() -> tokens.verify(hs.serialize()))
                .isInstanceOf(TokenRefusedException.class)
                .hasMessageContaining("signed with HS256: this server accepts only RS256");
    }

    @Test
    void anEcP256KeyAcceptsEs256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        ReaderTokens tokens = tokensFor(pem(pair).replace("\n", "\\n")); // one env line with literal \n
        SignedJWT es = new SignedJWT(
                new JWSHeader(JWSAlgorithm.ES256),
                claims(Map.of("runs", List.of("7c9e6679-7425-40de-944b-e07fc1f90ae7"), "admin", true)));
        es.sign(new ECDSASigner((ECPrivateKey) pair.getPrivate()));
        ReaderGrant grant = tokens.verify(es.serialize());
        assertThat(grant.admin()).isTrue();
        assertThat(grant.mayRead(RunId.parse("7c9e6679-7425-40de-944b-e07fc1f90ae7")))
                .isTrue();
        assertThat(grant.mayRead(RunId.random())).isFalse();
    }

    @Test
    void aKeyThatIsNotAPemPublicKey_isAConfigurationErrorNamingTheVariable() {
        assertThatThrownBy(() -> tokensFor("ssh-rsa AAAAB3Nza"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ARENA_AUTH_JWT_PUBLIC_KEY is not a PEM public key");
    }

    @Test
    void claimsOfTheWrongShape_areRefusedNamingTheClaim() throws Exception {
        byte[] secret = "0123456789abcdef0123456789abcdef".getBytes();
        ReaderTokens tokens = ReaderTokens.from(
                new ReaderAuthSettings(java.util.Optional.of(secret), java.util.Optional.empty()), CLOCK);
        SignedJWT bad = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(Map.of("runs", 42)));
        bad.sign(new MACSigner(secret));
        assertThatThrownBy(() -> tokens.verify(bad.serialize()))
                .hasMessageContaining("claim arena.runs must be a list of run ids or \"*\"");
    }

    @Test
    void kindsArePrefixes_andTheTerminalEventIsAlwaysVisible() {
        ReaderGrant grant = new ReaderGrant(
                "k",
                java.util.Optional.empty(),
                java.util.Optional.of(List.of("agent.", "phase.complete")),
                false,
                java.util.Optional.of(NOW));
        assertThat(grant.maySee("agent.thought")).isTrue();
        assertThat(grant.maySee("phase.complete")).isTrue();
        assertThat(grant.maySee("phase.start")).isFalse();
        assertThat(grant.maySee("tool.call")).isFalse();
        assertThat(grant.maySee("run.complete")).isTrue();
        assertThat(grant.maySee("run.cancelled")).isTrue();
        assertThat(grant.expiredAt(NOW)).isTrue();
        assertThat(grant.expiredAt(NOW.minusMillis(1))).isFalse();
    }
}
