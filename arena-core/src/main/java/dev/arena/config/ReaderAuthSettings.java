package dev.arena.config;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Whether reads need a JWT (docs/configuration.md, "Reader authorization"), and the key that checks
 * them: {@code ARENA_AUTH_JWT_SECRET} (HS256, at least {@value #MIN_SECRET_BYTES} bytes) or
 * {@code ARENA_AUTH_JWT_PUBLIC_KEY} (a PEM public key: RSA for RS256, EC P-256 for ES256), never
 * both. Neither set: reads are open, as before. Read and validated by {@link ArenaConfig#from}, so a
 * short secret or an unreadable key refuses the server's start naming the variable.
 *
 * @param secret    the HS256 secret's bytes, when {@code ARENA_AUTH_JWT_SECRET} is set
 * @param publicKey the RS256/ES256 verification key, when {@code ARENA_AUTH_JWT_PUBLIC_KEY} is set
 */
public record ReaderAuthSettings(Optional<byte[]> secret, Optional<PublicKey> publicKey) {

    /** HS256 needs a key as long as its hash: 256 bits (RFC 7518 §3.2). */
    public static final int MIN_SECRET_BYTES = 32;

    public static final String SECRET_VARIABLE = "ARENA_AUTH_JWT_SECRET";
    public static final String PUBLIC_KEY_VARIABLE = "ARENA_AUTH_JWT_PUBLIC_KEY";

    /** Reads open to anyone (neither variable set). */
    public static final ReaderAuthSettings OFF = new ReaderAuthSettings(Optional.empty(), Optional.empty());

    public ReaderAuthSettings {
        secret = secret == null ? Optional.empty() : secret;
        publicKey = publicKey == null ? Optional.empty() : publicKey;
        if (secret.isPresent() && publicKey.isPresent()) {
            throw new IllegalArgumentException("a JWT secret and a public key cannot both be set");
        }
    }

    /** True when reads need a JWT. */
    public boolean enabled() {
        return secret.isPresent() || publicKey.isPresent();
    }

    /**
     * The settings {@code env} describes.
     *
     * @throws ConfigException both variables set, a secret under {@value #MIN_SECRET_BYTES} bytes, or a
     *     public key that is not a PEM RSA or EC P-256 public key
     */
    public static ReaderAuthSettings from(Map<String, String> env) {
        String secret = env.get(SECRET_VARIABLE);
        String pem = env.get(PUBLIC_KEY_VARIABLE);
        boolean hasSecret = secret != null && !secret.isEmpty();
        boolean hasKey = pem != null && !pem.isBlank();
        if (hasSecret && hasKey) {
            throw new ConfigException(
                    SECRET_VARIABLE,
                    SECRET_VARIABLE + " and " + PUBLIC_KEY_VARIABLE + " are both set: set one (a shared HS256 secret,"
                            + " or the PEM public key of the issuer that signs RS256/ES256 tokens), not both");
        }
        if (hasSecret) {
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < MIN_SECRET_BYTES) {
                throw new ConfigException(
                        SECRET_VARIABLE,
                        SECRET_VARIABLE + " is " + bytes.length + " bytes: HS256 needs at least " + MIN_SECRET_BYTES
                                + " bytes (e.g. openssl rand -base64 48)");
            }
            return new ReaderAuthSettings(Optional.of(bytes), Optional.empty());
        }
        if (hasKey) {
            return new ReaderAuthSettings(Optional.empty(), Optional.of(publicKey(pem)));
        }
        return OFF;
    }

    /** A PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo) holding an RSA or EC P-256 key. */
    static PublicKey publicKey(String pem) {
        String text = pem.replace("\\n", "\n").trim(); // a PEM pasted into one env line with literal \n
        String begin = "-----BEGIN PUBLIC KEY-----";
        String end = "-----END PUBLIC KEY-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new ConfigException(
                    PUBLIC_KEY_VARIABLE,
                    PUBLIC_KEY_VARIABLE + " is not a PEM public key: expected the text between '" + begin + "' and '"
                            + end + "' (openssl pkey -pubout; an RSA key for RS256 or an EC P-256 key for ES256)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    PUBLIC_KEY_VARIABLE, PUBLIC_KEY_VARIABLE + " is not valid base64 inside the PEM armour");
        }
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                PublicKey key = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
                if (key instanceof ECPublicKey ec
                        && ec.getParams().getCurve().getField().getFieldSize() != 256) {
                    throw new ConfigException(
                            PUBLIC_KEY_VARIABLE,
                            PUBLIC_KEY_VARIABLE + " is an EC key on a "
                                    + ec.getParams().getCurve().getField().getFieldSize()
                                    + "-bit curve: ES256 needs P-256 (openssl ecparam -name prime256v1)");
                }
                return key;
            } catch (GeneralSecurityException notThisAlgorithm) {
                // try the next
            }
        }
        throw new ConfigException(
                PUBLIC_KEY_VARIABLE,
                PUBLIC_KEY_VARIABLE + " holds neither an RSA nor an EC public key: give the issuer's RS256 or ES256"
                        + " verification key (openssl pkey -in key.pem -pubout)");
    }

    /** The secret as text, for scrubbing it from anything printed; null when none. */
    String secretText() {
        return secret.map(b -> new String(b, StandardCharsets.UTF_8)).orElse(null);
    }

    @Override
    public String toString() {
        return "ReaderAuthSettings[" + (secret.isPresent() ? "HS256 secret ***" : "")
                + publicKey.map(k -> k.getAlgorithm() + " public key").orElse("")
                + (enabled() ? "" : "off") + "]";
    }
}
