package dev.arena.broker.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A server-side publish script ({@code publish.lua}, or {@code publish-check.lua} for direct
 * appends) and its SHA-1, computed locally so the publisher can send {@code EVALSHA} from the first
 * batch and only {@code SCRIPT LOAD} when Redis answers {@code NOSCRIPT} (first use, restart,
 * {@code SCRIPT FLUSH}).
 */
final class PublishScript {

    /** Fixed ARGV slots before the envelopes; see the header of publish.lua. */
    static final int FIXED_ARGS = 13;

    final String source;
    final String sha;

    private PublishScript(String source) {
        this.source = source;
        this.sha = sha1(source);
    }

    /** The publish script, {@code publish.lua}. */
    static PublishScript load() {
        return load("publish.lua");
    }

    /** The read-only check before a direct append, {@code publish-check.lua}. */
    static PublishScript loadCheck() {
        return load("publish-check.lua");
    }

    private static PublishScript load(String name) {
        try (InputStream in = PublishScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(
                        name + " is missing from the classpath next to " + PublishScript.class.getName());
            }
            return new PublishScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }

    /** True when a Redis error says the script is not (or no longer) cached. */
    static boolean isNoScript(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().startsWith("NOSCRIPT")) {
                return true;
            }
        }
        return false;
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java runtime", e);
        }
    }
}
