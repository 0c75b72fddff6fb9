package dev.arena.diag.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Reads and replaces the password part of a {@code redis://[user]:password@host:port/db} URL. */
public final class RedisUrls {

    private RedisUrls() {
    }

    /** The decoded password of the URL, or null when it has none or does not parse. */
    public static String password(String url) {
        String info = userInfo(url);
        if (info == null) {
            return null;
        }
        int colon = info.indexOf(':');
        String raw = colon >= 0 ? info.substring(colon + 1) : info;
        return raw.isEmpty() ? null : URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }

    /** The same URL with {@code password} (URL-encoded) in place of its password (or added). */
    public static String withPassword(String url, String password) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            throw new IllegalArgumentException("not a Redis URL");
        }
        String rest = url.substring(scheme + 3);
        String info = userInfo(url);
        String user = "";
        if (info != null) {
            int colon = info.indexOf(':');
            user = colon >= 0 ? info.substring(0, colon) : "";
            rest = rest.substring(rest.indexOf('@') + 1);
        }
        return url.substring(0, scheme + 3) + user + ":" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "@" + rest;
    }

    private static String userInfo(String url) {
        try {
            return new URI(url).getRawUserInfo();
        } catch (URISyntaxException | NullPointerException e) {
            return null;
        }
    }

    /** {@code host:port/db} with no credentials, safe to print and compare; localhost, 127.0.0.1 and ::1 all read as {@code localhost}. */
    public static String endpoint(String url) {
        try {
            URI u = new URI(url.replace("***", "x"));
            String host = u.getHost() == null ? "localhost" : u.getHost().toLowerCase(java.util.Locale.ROOT);
            if (host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1")) {
                host = "localhost";
            }
            int port = u.getPort() < 0 ? 6379 : u.getPort();
            String db = u.getPath() == null || u.getPath().length() <= 1 ? "0" : u.getPath().substring(1);
            return host + ":" + port + "/" + db;
        } catch (URISyntaxException | RuntimeException e) {
            return "(unparseable URL)";
        }
    }
}
