package dev.arena.broker.redis;

import dev.arena.broker.RunId;

/**
 * The Redis keys of one run (docs/design.md, "Redis keys"). Every key carries the {@code {<id>}} hash tag so a run's keys
 * share one Cluster slot, and a key is only ever built from a parsed {@link RunId}.
 *
 * <p>The names come from {@link RedisKeys}. The {@code :meta} hash holds {@code started_at},
 * {@code parent_run_id} (so they survive trimming of {@code run.start}) and one
 * {@code p:<producer>} field per producing broker with the last batch it applied — what makes a
 * re-sent publish idempotent.
 */
final class RunKeys {

    static final String PUBLISHED = RedisKeys.PUBLISHED;
    static final String PUBLISH_FAILURES = RedisKeys.PUBLISH_FAILURES;
    static final String OPEN_PATTERN = RedisKeys.OPEN_PATTERN;
    static final String EVENTS_PATTERN = RedisKeys.EVENTS_PATTERN;

    private static final String PREFIX = RedisKeys.PREFIX;

    final RunId run;
    final String open;
    final String seq;
    final String events;
    final String meta;
    final String news;

    private RunKeys(RunId run) {
        this.run = run;
        this.open = RedisKeys.open(run);
        this.seq = RedisKeys.seq(run);
        this.events = RedisKeys.events(run);
        this.meta = RedisKeys.meta(run);
        this.news = RedisKeys.news(run);
    }

    static RunKeys of(RunId run) {
        return new RunKeys(run);
    }

    /** The keys a publish script touches, in the order the script expects them. */
    String[] scriptKeys() {
        return new String[] {open, seq, events, meta};
    }

    /** The run a key such as {@code arena:run:{<id>}:open} belongs to, or null for any other key. */
    static RunId runOf(String key) {
        if (key == null || !key.startsWith(PREFIX)) {
            return null;
        }
        int close = key.indexOf("}:", PREFIX.length());
        if (close < 0) {
            return null;
        }
        String id = key.substring(PREFIX.length(), close);
        return RunId.isValid(id) ? RunId.parse(id) : null;
    }

    /** The seq of a stream entry id {@code <seq>-0}. */
    static long seqOf(String entryId) {
        int dash = entryId.indexOf('-');
        return Long.parseLong(dash < 0 ? entryId : entryId.substring(0, dash));
    }

    @Override
    public String toString() {
        return PREFIX + run.value() + "}:*";
    }
}
