package dev.arena.tui.state;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a console is set up: what the header names, where it starts, how often it refreshes and
 * how much one refresh may scan.
 *
 * @param envLabel     {@code ARENA_ENV}, shown in the header (red for prod-like names); may be null
 * @param serverUrl    the server the console watches
 * @param backend      the backend this shell's configuration selects ({@code inprocess}/{@code redis})
 * @param redisUrl     the masked Redis URL, or null
 * @param writeMode    start writable (guarded actions shown) instead of read-only
 * @param refresh      refresh interval; at least 1s
 * @param stuckAfter   {@code ARENA_FORK_STUCK_AFTER}: idle time from which a run is "stalled"
 * @param runLimit     most open runs listed per refresh
 * @param detailBudget most per-run statistics fetched per refresh
 * @param colour       draw in colour; false under {@code NO_COLOR} (https://no-color.org): bold and
 *                     reverse video only
 */
public record ConsoleSettings(
        String envLabel,
        String serverUrl,
        String backend,
        String redisUrl,
        boolean writeMode,
        Duration refresh,
        Duration stuckAfter,
        int runLimit,
        int detailBudget,
        boolean colour) {

    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(2);
    public static final Duration MIN_REFRESH = Duration.ofSeconds(1);

    public ConsoleSettings {
        Objects.requireNonNull(serverUrl, "serverUrl");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(refresh, "refresh");
        Objects.requireNonNull(stuckAfter, "stuckAfter");
        if (refresh.compareTo(MIN_REFRESH) < 0) {
            throw new IllegalArgumentException(
                    "refresh " + refresh.toMillis() + "ms is below the 1s floor: use --refresh 1s or more");
        }
        if (runLimit < 1 || detailBudget < 0) {
            throw new IllegalArgumentException("runLimit must be positive and detailBudget not negative");
        }
    }

    /** Defaults for everything but the server and backend. */
    public static ConsoleSettings defaults(String serverUrl, String backend) {
        return new ConsoleSettings(
                null, serverUrl, backend, null, false, DEFAULT_REFRESH, Duration.ofSeconds(60), 10_000, 40, true);
    }

    public ConsoleSettings withWriteMode(boolean on) {
        return new ConsoleSettings(
                envLabel, serverUrl, backend, redisUrl, on, refresh, stuckAfter, runLimit, detailBudget, colour);
    }

    public ConsoleSettings withEnvLabel(String label) {
        return new ConsoleSettings(
                label, serverUrl, backend, redisUrl, writeMode, refresh, stuckAfter, runLimit, detailBudget, colour);
    }

    public ConsoleSettings withRedisUrl(String maskedUrl) {
        return new ConsoleSettings(
                envLabel,
                serverUrl,
                backend,
                maskedUrl,
                writeMode,
                refresh,
                stuckAfter,
                runLimit,
                detailBudget,
                colour);
    }

    public ConsoleSettings withRefresh(Duration every) {
        return new ConsoleSettings(
                envLabel, serverUrl, backend, redisUrl, writeMode, every, stuckAfter, runLimit, detailBudget, colour);
    }

    public ConsoleSettings withStuckAfter(Duration d) {
        return new ConsoleSettings(
                envLabel, serverUrl, backend, redisUrl, writeMode, refresh, d, runLimit, detailBudget, colour);
    }

    /** Without colours ({@code NO_COLOR}): bold and reverse video still mark what matters. */
    public ConsoleSettings withColour(boolean on) {
        return new ConsoleSettings(
                envLabel, serverUrl, backend, redisUrl, writeMode, refresh, stuckAfter, runLimit, detailBudget, on);
    }

    /** True when {@code NO_COLOR} is set and not empty (https://no-color.org). */
    public static boolean noColor(Map<String, String> env) {
        String v = env.get("NO_COLOR");
        return v != null && !v.isEmpty();
    }
}
