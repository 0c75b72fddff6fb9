package dev.arena.broker.redis;

import dev.arena.broker.RunId;
import java.util.List;
import java.util.Optional;

/**
 * The Redis key schema (docs/design.md, "Redis keys"), public because operators' tools (diag, the console) read and reap
 * runs straight from Redis. Keys are only ever built from a parsed {@link RunId}, so nothing
 * user-supplied is glued into a key. The {@code {<id>}} hash tag keeps a run's keys in one
 * Cluster slot, which is what lets one DEL remove them atomically.
 *
 * <p>Besides {@code :open}, {@code :seq} and {@code :events}, a run has {@code :meta}: a
 * small hash with {@code started_at}, {@code parent_run_id} and the publishers' idempotency
 * records, sharing the run's expiry. Deleting a run means deleting all four ({@link #all}).
 */
public final class RedisKeys {

    /** The shared {@code events_published} counter. */
    public static final String PUBLISHED = "arena:stats:published";
    /**
     * The shared {@code publish_failures} counter: publishes that failed loudly in any process on
     * this Redis, added by each process's broker once Redis answers again (best effort).
     */
    public static final String PUBLISH_FAILURES = "arena:stats:publish_failures";
    /** SCAN pattern for producer-alive sentinels. */
    public static final String OPEN_PATTERN = "arena:run:*:open";
    /** SCAN pattern for run event streams. */
    public static final String EVENTS_PATTERN = "arena:run:*:events";

    static final String PREFIX = "arena:run:{";
    private static final String OPEN_SUFFIX = "}:open";

    private RedisKeys() {}

    public static String open(RunId run) {
        return PREFIX + run.value() + OPEN_SUFFIX;
    }

    public static String seq(RunId run) {
        return PREFIX + run.value() + "}:seq";
    }

    public static String events(RunId run) {
        return PREFIX + run.value() + "}:events";
    }

    /**
     * The run's sharded pub/sub channel (same slot as its keys): on a Redis Cluster the publish
     * script announces each applied batch's last seq there, so a server's per-master tailer reads
     * only runs that moved instead of blocking on streams of many slots (which XREAD cannot span).
     */
    public static String news(RunId run) {
        return PREFIX + run.value() + "}:news";
    }

    public static String meta(RunId run) {
        return PREFIX + run.value() + "}:meta";
    }

    /** Every key of a run: events, seq, open, meta. */
    public static List<String> all(RunId run) {
        return List.of(events(run), seq(run), open(run), meta(run));
    }

    /** The run id inside a sentinel key, or empty when the key does not follow the schema. */
    public static Optional<RunId> runOfSentinel(String key) {
        String id = runIdOfSentinel(key);
        return id == null ? Optional.empty() : Optional.of(RunId.parse(id));
    }

    /** The validated run id text inside a sentinel key, or null: one check per key for bulk scans. */
    public static String runIdOfSentinel(String key) {
        if (key == null || !key.startsWith(PREFIX) || !key.endsWith(OPEN_SUFFIX)) {
            return null;
        }
        String id = key.substring(PREFIX.length(), key.length() - OPEN_SUFFIX.length());
        return RunId.isValid(id) ? id : null;
    }
}
