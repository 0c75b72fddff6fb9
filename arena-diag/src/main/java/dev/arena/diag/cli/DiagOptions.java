package dev.arena.diag.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The flags every diag command takes (a picocli mixin). */
public final class DiagOptions {

    /** Output formats. */
    public enum Format { table, json }

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-o", "--output"}, paramLabel = "table|json", defaultValue = "table",
            description = "Output format: table (for people) or json (stable, for scripts; see docs/diag.md). Default: ${DEFAULT-VALUE}.")
    Format output = Format.table;

    @Option(names = "--server", paramLabel = "URL", description = "Arena server base URL (default: ARENA_SERVER_URL or http://127.0.0.1:8000).")
    String server;

    @Option(names = "--redis", paramLabel = "URL",
            description = "Redis URL to inspect directly, whatever ARENA_BROKER_BACKEND says (default: REDIS_URL / REDIS_PASSWORD when the backend is redis).")
    String redis;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2s",
            description = "Bound for each request to the server or Redis, e.g. 2s, 500ms. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    /**
     * The per-request bound.
     *
     * @throws IllegalArgumentException when it is not positive
     */
    Duration timeout() {
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("--timeout must be positive");
        }
        return timeout;
    }

    boolean json() {
        return output == Format.json;
    }
}
