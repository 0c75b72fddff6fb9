package dev.arena.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How Arena logs (docs/configuration.md): the line format of the process log ({@code ARENA_LOG_FORMAT})
 * and the server's optional access log ({@code ARENA_ACCESS_LOG}). Read and validated when
 * {@link #from} is called, apart from {@link ArenaConfig} because every command, not only the server,
 * sets up its log before it reads anything else.
 *
 * @param format    {@code text} (default, one dated line per event) or {@code json} (one JSON object per line)
 * @param accessLog where the server writes one line per request: {@code -} for the process log, a file path,
 *                  or empty for none
 */
public record LogSettings(Format format, Optional<String> accessLog) {

    /** The access log target that means "the process log" instead of a file. */
    public static final String ACCESS_LOG_TO_PROCESS_LOG = "-";

    /** Line formats of the process log. */
    public enum Format {
        /** {@code 2026-11-29T21:50:12.345Z INFO  [thread] logger - message}. */
        TEXT,
        /** One JSON object per line, Logback's {@code JsonEncoder}, for log shippers. */
        JSON
    }

    /**
     * @throws ConfigException naming the variable and the accepted values
     */
    public static LogSettings from(Map<String, String> env) {
        Map<String, String> e = env == null ? Map.of() : env;
        return new LogSettings(format(e.get("ARENA_LOG_FORMAT")), accessLog(e.get("ARENA_ACCESS_LOG")));
    }

    private static Format format(String raw) {
        if (raw == null || raw.isBlank()) {
            return Format.TEXT;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "text" -> Format.TEXT;
            case "json" -> Format.JSON;
            default ->
                throw new ConfigException(
                        "ARENA_LOG_FORMAT",
                        "ARENA_LOG_FORMAT='" + shown(raw)
                                + "' is not a log format: valid values are 'text' (default, dated lines) and 'json' (one JSON object per line)");
        };
    }

    private static Optional<String> accessLog(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String v = raw.trim();
        if (v.chars().anyMatch(Character::isISOControl)) {
            throw new ConfigException(
                    "ARENA_ACCESS_LOG",
                    "ARENA_ACCESS_LOG='" + shown(v)
                            + "' contains control characters: use '-' (the server's log) or a file path");
        }
        return Optional.of(v);
    }

    private static String shown(String raw) {
        String s = raw.replaceAll("\\p{Cntrl}", "?");
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }
}
