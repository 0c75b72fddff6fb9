package dev.arena.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Masks secrets before anything prints or logs them: URL credentials, passwords, tokens. */
public final class Secrets {

    public static final String MASK = "***";

    private Secrets() {}

    /**
     * The URL with any user-info password replaced by {@code ***}; a URL that does not parse is
     * masked whole after its scheme rather than risk printing a secret.
     */
    public static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            String userInfo = uri.getRawUserInfo();
            if (userInfo == null) {
                return url;
            }
            int colon = userInfo.indexOf(':');
            String masked = colon >= 0 ? userInfo.substring(0, colon) + ":" + MASK : MASK;
            int at = url.indexOf('@', url.indexOf("://") + 3);
            return url.substring(0, url.indexOf("://") + 3) + masked + url.substring(at);
        } catch (URISyntaxException | StringIndexOutOfBoundsException e) {
            int scheme = url.indexOf("://");
            return scheme > 0 ? url.substring(0, scheme + 3) + MASK : MASK;
        }
    }

    /** {@code ***} for any non-empty secret, so its length is not revealed either. */
    public static String mask(String secret) {
        return secret == null || secret.isEmpty() ? "(unset)" : MASK;
    }

    /**
     * Replaces every occurrence of each secret in {@code text} by {@code ***}: as written, form-encoded
     * and percent-encoded (as it stands in a URL). Secrets shorter than 4 characters are left alone.
     */
    public static String scrub(String text, String... secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            if (s != null && s.length() >= 4) {
                out = out.replace(s, MASK);
                String formEncoded = URLEncoder.encode(s, StandardCharsets.UTF_8);
                if (!formEncoded.equals(s)) {
                    out = out.replace(formEncoded, MASK);
                }
                String urlEncoded = RedisUrl.encode(s);
                if (!urlEncoded.equals(s)) {
                    out = out.replace(urlEncoded, MASK);
                }
            }
        }
        return out;
    }
}
