package dev.arena.config;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.StringTokenizer;

/**
 * A Redis URL ({@code redis://[[user]:password@]host[:port][/db]}) read exactly as Lettuce's
 * {@code RedisURI.create} reads it, so that the password Arena scrubs, masks, compares and writes
 * back is the one the client authenticates with. As in Lettuce: percent-escapes are decoded and a
 * {@code +} stays a plus (a URL is not a form); the decoded user info is split at its first
 * {@code :}; a user info without {@code :} is all password; a user without a password is ignored;
 * the database comes from the path or a {@code database=}/{@code db=} query parameter.
 *
 * <p>A Redis Cluster is named by one node or by several seed nodes comma-separated in the
 * authority ({@code redis://:pw@h1:7000,h2:7001}): the credentials, database and query apply to
 * every seed; {@link #seeds()} gives one single-node URL per seed (Lettuce itself reads comma lists
 * only for Sentinel). A single-node URL is its own one seed.
 *
 * <p>Immutable and thread-safe. {@link #toString()} masks the password; print {@link #masked()}.
 */
public final class RedisUrl {

    /** Lettuce's standalone schemes (the Sentinel ones are not Arena's). */
    private static final Set<String> SCHEMES =
            Set.of("redis", "rediss", "redis-socket", "redis+socket", "redis+ssl", "redis+tls");

    private static final int DEFAULT_PORT = 6379;

    private final String text;
    private final URI uri;
    private final String user;
    private final String password;
    private final String host;
    private final String socket;
    private final int port;
    private final int database;
    /** {@code host:port} of every seed as written, in order; one entry for a single-node URL. */
    private final List<String> seedHosts;

    private RedisUrl(
            String text,
            URI uri,
            String user,
            String password,
            String host,
            String socket,
            int port,
            int database,
            List<String> seedHosts) {
        this.text = text;
        this.uri = uri;
        this.user = user;
        this.password = password;
        this.host = host;
        this.socket = socket;
        this.port = port;
        this.database = database;
        this.seedHosts = seedHosts;
    }

    /**
     * Reads {@code text} as Lettuce would.
     *
     * @throws IllegalArgumentException where Lettuce would refuse it; the message never holds the text
     */
    public static RedisUrl parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty Redis URL");
        }
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL (bad character or syntax)");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("scheme " + scheme + " is not a standalone Redis scheme");
        }
        String socket = null;
        String host = null;
        int port = DEFAULT_PORT;
        List<String> seedHosts = null;
        String hostList = hostList(uri);
        if (scheme.equals("redis-socket") || scheme.equals("redis+socket")) {
            socket = uri.getPath();
        } else if (hostList != null && hostList.indexOf(',') >= 0) {
            seedHosts = List.of(hostList.split(",", -1));
            for (String seed : seedHosts) {
                checkSeed(seed);
            }
            URI first = URI.create(scheme + "://" + seedHosts.get(0));
            host = first.getHost();
            port = first.getPort() > 0 ? first.getPort() : DEFAULT_PORT;
        } else if (notEmpty(uri.getHost())) {
            host = uri.getHost();
            port = uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORT;
        } else if (notEmpty(uri.getAuthority())) {
            String authority = uri.getAuthority();
            host = authority.indexOf('@') > -1 ? authority.substring(authority.lastIndexOf('@') + 1) : authority;
        }
        if (host == null && socket == null) {
            throw new IllegalArgumentException("no host or socket in the Redis URL");
        }
        if (host != null && (host.isEmpty() || port > 65535)) {
            throw new IllegalArgumentException("bad host or port in the Redis URL");
        }
        String user = null;
        String password = null;
        String info = userInfo(uri);
        if (notEmpty(info)) {
            String secret = info;
            String name = null;
            if (secret.startsWith(":")) {
                secret = secret.substring(1);
            } else {
                int colon = secret.indexOf(':');
                if (colon > 0) {
                    name = secret.substring(0, colon);
                    secret = secret.substring(colon + 1);
                }
            }
            if (notEmpty(secret)) {
                user = name;
                password = secret;
            }
        }
        int database = 0;
        if (notEmpty(uri.getPath()) && socket == null) {
            String db = uri.getPath().substring(1);
            if (notEmpty(db)) {
                database = validDatabase(Integer.parseInt(db));
            }
        }
        if (notEmpty(uri.getQuery())) {
            StringTokenizer params = new StringTokenizer(uri.getQuery(), "&;");
            while (params.hasMoreTokens()) {
                String param = params.nextToken();
                if (param.toLowerCase(Locale.ROOT).startsWith("database=") || param.startsWith("db=")) {
                    database = databaseParameter(param, database);
                }
            }
        }
        if (seedHosts == null) {
            seedHosts = List.of(hostList == null ? "" : hostList);
        }
        return new RedisUrl(text, uri, user, password, host, socket, port, database, seedHosts);
    }

    /** The authority after its user info (the host list), or null. */
    private static String hostList(URI uri) {
        String authority = uri.getRawAuthority();
        if (authority == null) {
            return null;
        }
        return authority.substring(authority.lastIndexOf('@') + 1);
    }

    private static void checkSeed(String seed) {
        URI one;
        try {
            one = URI.create("redis://" + seed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a seed in the node list is not host:port");
        }
        if (!notEmpty(one.getHost()) || one.getPort() > 65535 || one.getRawUserInfo() != null) {
            throw new IllegalArgumentException(
                    "a seed in the node list is not host:port (e.g. redis://:pw@h1:7000,h2:7001)");
        }
    }

    /** True when the URL names several seed nodes (a Redis Cluster given by its seeds). */
    public boolean isSeedList() {
        return seedHosts.size() > 1;
    }

    /**
     * One single-node URL per seed, each with this URL's credentials, database and query: the
     * nodes a client may ask for the cluster's topology. A single-node URL returns itself.
     */
    public List<RedisUrl> seeds() {
        if (!isSeedList()) {
            return List.of(this);
        }
        int start = text.indexOf("://") + 3;
        String raw = rawUserInfo();
        String afterInfo = raw == null ? text.substring(start) : text.substring(start + raw.length() + 1);
        String list = String.join(",", seedHosts);
        String rest = afterInfo.substring(list.length());
        String prefix = text.substring(0, start) + (raw == null ? "" : raw + "@");
        List<RedisUrl> out = new ArrayList<>(seedHosts.size());
        for (String seed : seedHosts) {
            out.add(parse(prefix + seed + rest));
        }
        return List.copyOf(out);
    }

    /** The URL text as given (it holds the password: never print it; print {@link #masked()}). */
    public String text() {
        return text;
    }

    /** {@link #parse}, or empty where Lettuce would refuse the text (or it is null). */
    public static Optional<RedisUrl> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The password Lettuce would authenticate with; null when there is none or the URL does not parse. */
    public static String passwordOf(String text) {
        return tryParse(text).flatMap(RedisUrl::password).orElse(null);
    }

    /**
     * {@code text} safe to print: its password replaced by {@code ***}. A URL Lettuce would refuse
     * is masked as any URL is ({@link Secrets#maskUrl}), whole after its scheme if it does not parse.
     */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        return tryParse(text).map(RedisUrl::masked).orElseGet(() -> Secrets.maskUrl(text));
    }

    /** {@link #endpoint()} of {@code text}, or {@code (unparseable URL)}. */
    public static String endpointOf(String text) {
        return tryParse(text).map(RedisUrl::endpoint).orElse("(unparseable URL)");
    }

    /** The URL of a local Redis on the default port and database with only {@code password} set. */
    public static String localWithPassword(String password) {
        return "redis://:" + encode(password) + "@localhost:" + DEFAULT_PORT + "/0";
    }

    /** Percent-encodes {@code s} for a URL's user info so that Lettuce decodes it back to {@code s} (space as {@code %20}). */
    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The user sent with the password (Redis 6 ACL), if the URL names one beside a password. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** The decoded password, if any (never empty). */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** The host as written, or null for a Unix socket URL. */
    public String host() {
        return host;
    }

    /** The Unix socket path, or null for a TCP URL. */
    public String socket() {
        return socket;
    }

    /** The port ({@code 6379} unless written). */
    public int port() {
        return port;
    }

    /** The database number ({@code 0} unless written). */
    public int database() {
        return database;
    }

    /** The URL as given with its password replaced by {@code ***} (user, host and the rest kept). */
    public String masked() {
        if (password == null) {
            return text;
        }
        return withUserInfo(user == null ? maskedUserInfoStyle() : userAsWritten() + ":" + Secrets.MASK);
    }

    /** The URL as given with {@code newPassword} as its password (encoded), its user kept. */
    public String withPassword(String newPassword) {
        return withUserInfo((user == null ? "" : userAsWritten()) + ":" + encode(newPassword));
    }

    /**
     * {@code host:port/db} with no credentials, safe to print and to compare two URLs by:
     * {@code localhost}, {@code 127.0.0.1} and {@code ::1} all read as {@code localhost}.
     */
    public String endpoint() {
        if (isSeedList()) {
            StringBuilder all = new StringBuilder();
            for (RedisUrl seed : seeds()) {
                String one = seed.endpoint();
                all.append(all.length() == 0 ? "" : ",").append(one, 0, one.lastIndexOf('/'));
            }
            return all + "/" + database;
        }
        String where = socket != null ? socket : host.toLowerCase(Locale.ROOT);
        if (where.equals("127.0.0.1") || where.equals("[::1]") || where.equals("::1")) {
            where = "localhost";
        }
        return where + ":" + port + "/" + database;
    }

    /** The masked URL. */
    @Override
    public String toString() {
        return masked();
    }

    private String maskedUserInfoStyle() {
        String raw = rawUserInfo();
        return raw != null && raw.startsWith(":") ? ":" + Secrets.MASK : Secrets.MASK;
    }

    /** The user as the text spells it, or re-encoded where its spelling would split elsewhere. */
    private String userAsWritten() {
        String raw = rawUserInfo();
        int colon = raw == null ? -1 : raw.indexOf(':');
        if (colon > 0
                && user.equals(
                        URLDecoder.decode(raw.substring(0, colon).replace("+", "%2B"), StandardCharsets.UTF_8))) {
            return raw.substring(0, colon);
        }
        return encode(user);
    }

    private String rawUserInfo() {
        String authority = uri.getRawAuthority();
        if (authority == null) {
            return null;
        }
        int at = authority.lastIndexOf('@');
        return at < 0 ? null : authority.substring(0, at);
    }

    /** The text with its user info replaced (or added) by {@code info}. */
    private String withUserInfo(String info) {
        int start = text.indexOf("://") + 3;
        String raw = rawUserInfo();
        String rest = raw == null ? text.substring(start) : text.substring(start + raw.length() + 1);
        return text.substring(0, start) + info + "@" + rest;
    }

    private static String userInfo(URI uri) {
        String info = uri.getUserInfo();
        String authority = uri.getAuthority();
        if (!notEmpty(info) && notEmpty(authority) && authority.lastIndexOf('@') > 0) {
            info = authority.substring(0, authority.lastIndexOf('@'));
        }
        return info;
    }

    private static int databaseParameter(String param, int current) {
        String value = param.substring(param.indexOf('=') + 1);
        int digits = 0;
        while (digits < value.length() && Character.isDigit(value.charAt(digits))) {
            digits++;
        }
        return digits == 0 ? current : validDatabase(Integer.parseInt(value.substring(0, digits)));
    }

    private static int validDatabase(int database) {
        if (database < 0) {
            throw new IllegalArgumentException("negative Redis database number");
        }
        return database;
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
