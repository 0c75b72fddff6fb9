package dev.arena.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Where the store lives, as {@code ARENA_DB} names it: a DuckDB file path (the embedded default, one
 * server) or a {@code postgresql://user:password@host[:port]/database[?param=value&…]} URL (PostgreSQL,
 * shared by several servers; {@code postgres://} is accepted too, as libpq does). User and password
 * are percent-decoded; query parameters go to the PostgreSQL JDBC driver as they are (e.g.
 * {@code sslmode=require}).
 *
 * <p>Immutable and thread-safe. {@link #toString()} and {@link #masked()} never show the password;
 * {@link #password()} is for the connection pool and for scrubbing text, nothing else.
 */
public final class StoreLocation {

    /** The default {@code ARENA_DB}. */
    public static final String DEFAULT = "data/arena.duckdb";

    private static final int DEFAULT_PORT = 5432;
    /**
     * A query parameter that holds a secret: the driver's {@code password} and {@code sslpassword} (the client
     * key's passphrase), and, erring on the side of masking, any name with password, passwd, secret or token in it.
     */
    private static final String SECRET_NAME_REGEX = "(?i)[^&=]*(?:password|passwd|secret|token)[^&=]*";

    private static final Pattern SECRET_NAME = Pattern.compile(SECRET_NAME_REGEX);

    /**
     * A secret parameter with its value. Joined from constants, so the compiler joins it: a string joined at run time
     * would spin method handles in this class's initialiser, which every command that reads configuration runs.
     */
    private static final Pattern QUERY_SECRET = Pattern.compile("(?i)((?:^|[?&])" + SECRET_NAME_REGEX + "=)[^&]*");

    /** The two stores. */
    public enum Kind {
        /** An embedded DuckDB file, owned by one server. */
        DUCKDB,
        /** A PostgreSQL database, shared by any number of servers. */
        POSTGRESQL;

        /** {@code duckdb} or {@code postgresql}, as {@code /health} reports it. */
        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Kind kind;
    private final String text;
    private final Path file;
    private final String host;
    private final int port;
    private final String database;
    private final String query;
    private final String user;
    private final String password;

    private StoreLocation(
            Kind kind,
            String text,
            Path file,
            String host,
            int port,
            String database,
            String query,
            String user,
            String password) {
        this.kind = kind;
        this.text = text;
        this.file = file;
        this.host = host;
        this.port = port;
        this.database = database;
        this.query = query;
        this.user = user;
        this.password = password;
    }

    /** A DuckDB file. */
    public static StoreLocation duckDb(Path file) {
        Objects.requireNonNull(file, "file");
        return new StoreLocation(Kind.DUCKDB, file.toString(), file, null, 0, null, null, null, null);
    }

    /**
     * Reads an {@code ARENA_DB} value: a {@code postgresql://} or {@code postgres://} URL, else a DuckDB file path.
     *
     * @throws IllegalArgumentException saying what is wrong and what is expected; the message never holds the password
     */
    public static StoreLocation parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("empty: expected a DuckDB file path (default " + DEFAULT
                    + ") or postgresql://user:password@host:port/database");
        }
        String v = value.trim();
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
            return postgres(v);
        }
        if (lower.startsWith("jdbc:")) {
            throw new IllegalArgumentException(
                    "'" + maskUrl(v) + "' is a JDBC URL: write postgresql://user:password@host:port/database");
        }
        if (v.contains("://")) {
            throw new IllegalArgumentException("'" + maskUrl(v) + "' is neither a file path nor a postgresql:// URL:"
                    + " expected a DuckDB file path (default " + DEFAULT
                    + ") or postgresql://user:password@host:port/database");
        }
        try {
            return duckDb(Path.of(v));
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + v + "' is not a usable file path (" + e.getReason() + ")");
        }
    }

    private static StoreLocation postgres(String text) {
        String shown = maskUrl(text);
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "'" + shown + "' is not a URL (" + e.getReason()
                            + "): expected postgresql://user:password@host:port/database, special characters in the password percent-encoded");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException(
                    "'" + shown + "' names no host: expected postgresql://user:password@host:port/database"
                            + " (Unix sockets are not supported; use 127.0.0.1)");
        }
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        String path = uri.getRawPath();
        String database = path == null || path.length() <= 1 ? "" : decode(path.substring(1));
        if (database.isEmpty() || database.contains("/")) {
            throw new IllegalArgumentException(
                    "'" + shown + "' names no database: expected postgresql://user:password@host:port/database");
        }
        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException(
                    "'" + shown + "' names no user: expected postgresql://user:password@host:port/database");
        }
        String query = uri.getRawQuery();
        if (password == null && query != null) {
            password = queryPassword(query);
        }
        return new StoreLocation(
                Kind.POSTGRESQL,
                text,
                null,
                host,
                port,
                database,
                query,
                user,
                password == null || password.isEmpty() ? null : password);
    }

    private static String queryPassword(String query) {
        for (String param : query.split("&")) {
            if (param.toLowerCase(Locale.ROOT).startsWith("password=")) {
                return decode(param.substring("password=".length()));
            }
        }
        return null;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    public Kind kind() {
        return kind;
    }

    /** The DuckDB file; only for {@link Kind#DUCKDB}. */
    public Path file() {
        if (kind != Kind.DUCKDB) {
            throw new IllegalStateException("a " + kind.wireName() + " store has no file");
        }
        return file;
    }

    /**
     * {@code jdbc:postgresql://host:port/database[?query]} with no credentials (they go to the pool
     * apart); only for {@link Kind#POSTGRESQL}.
     */
    public String jdbcUrl() {
        if (kind != Kind.POSTGRESQL) {
            throw new IllegalStateException("a " + kind.wireName() + " store has no JDBC URL");
        }
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        String q = query == null
                ? ""
                : Arrays.stream(query.split("&"))
                        .filter(p -> !p.isEmpty() && !isSecret(p))
                        .collect(Collectors.joining("&"));
        return "jdbc:postgresql://" + h + ":" + port + "/" + database + (q.isEmpty() ? "" : "?" + q);
    }

    /**
     * The secret query parameters other than {@code password} (e.g. {@code sslpassword}), decoded: kept out of
     * {@link #jdbcUrl()} (which a pool may log) and handed to the driver as connection properties.
     */
    public Map<String, String> secretParameters() {
        Map<String, String> out = new LinkedHashMap<>();
        if (query != null) {
            for (String param : query.split("&")) {
                int eq = param.indexOf('=');
                if (eq > 0 && isSecret(param) && !param.substring(0, eq).equalsIgnoreCase("password")) {
                    out.put(param.substring(0, eq), decode(param.substring(eq + 1)));
                }
            }
        }
        return out;
    }

    /** Every secret of this location (the password and each secret query parameter), for scrubbing text. */
    public List<String> secrets() {
        List<String> out = new ArrayList<>();
        password().ifPresent(out::add);
        secretParameters().values().stream().filter(v -> !v.isEmpty()).forEach(out::add);
        return out;
    }

    private static boolean isSecret(String param) {
        int eq = param.indexOf('=');
        return eq > 0 && SECRET_NAME.matcher(param.substring(0, eq)).matches();
    }

    /** The PostgreSQL user, or null for a DuckDB file. */
    public String user() {
        return user;
    }

    /** The PostgreSQL password, if any: never print it (print {@link #masked()}). */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** The file path, or the URL with its password replaced by {@code ***}: safe to print and log. */
    public String masked() {
        if (kind == Kind.DUCKDB) {
            return text;
        }
        return maskUrl(text);
    }

    /**
     * Any {@code ARENA_DB} value made safe to print, whether it parses or not: a file path as written, a URL
     * with its password masked.
     */
    public static String mask(String value) {
        return value == null || !value.contains("://") ? value : maskUrl(value.trim());
    }

    /**
     * A URL safe to print even when it does not parse: everything between the user's name and the last
     * {@code @} is masked (over-masking rather than risk a password holding a raw {@code @}), and so is every
     * secret query parameter ({@code password=}, {@code sslpassword=}, …).
     */
    static String maskUrl(String text) {
        int start = text.indexOf("://") + 3;
        int at = text.lastIndexOf('@');
        String out = text;
        if (at >= start) {
            String info = text.substring(start, at);
            int colon = info.indexOf(':');
            out = colon < 0
                    ? text
                    : text.substring(0, start) + info.substring(0, colon) + ":" + Secrets.MASK + text.substring(at);
        }
        int q = out.indexOf('?');
        return q < 0
                ? out
                : out.substring(0, q)
                        + QUERY_SECRET.matcher(out.substring(q)).replaceAll("$1" + Secrets.MASK.replace("*", "\\*"));
    }

    /** {@code text} with this location's password (as written, form- or percent-encoded) replaced by {@code ***}. */
    public String scrub(String text) {
        return Secrets.scrub(text, secrets().toArray(String[]::new));
    }

    /** The masked location. */
    @Override
    public String toString() {
        return masked();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoreLocation other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
