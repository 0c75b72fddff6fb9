package dev.arena.diag.redis;

import dev.arena.broker.RunId;
import java.util.List;
import java.util.Optional;

/**
 * The key schema of DESIGN §5, built only from a validated {@link RunId} so nothing user-supplied is
 * glued into a key. The {@code {…}} hash tag keeps a run's three keys in one cluster slot, which is
 * what lets a single DEL remove them atomically.
 */
public final class RunKeys {

    /** The shared published-events counter. */
    public static final String PUBLISHED = "arena:stats:published";
    /** SCAN pattern for producer-alive sentinels. */
    public static final String OPEN_PATTERN = "arena:run:*:open";

    private static final String PREFIX = "arena:run:{";

    private RunKeys() {
    }

    public static String open(RunId run) {
        return PREFIX + run.value() + "}:open";
    }

    public static String seq(RunId run) {
        return PREFIX + run.value() + "}:seq";
    }

    public static String events(RunId run) {
        return PREFIX + run.value() + "}:events";
    }

    /** The run's three keys: events, seq, open. */
    public static List<String> all(RunId run) {
        return List.of(events(run), seq(run), open(run));
    }

    /** The run id inside a sentinel key, or empty when the key does not follow the schema. */
    public static Optional<RunId> runOfSentinel(String key) {
        String id = runIdOfSentinel(key);
        return id == null ? Optional.empty() : Optional.of(RunId.parse(id));
    }

    /** The validated run id text inside a sentinel key, or null: one check per key for bulk scans. */
    static String runIdOfSentinel(String key) {
        if (key == null || !key.startsWith(PREFIX) || !key.endsWith("}:open")) {
            return null;
        }
        String id = key.substring(PREFIX.length(), key.length() - "}:open".length());
        return RunId.isValid(id) ? id : null;
    }
}
