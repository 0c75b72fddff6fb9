package dev.arena.broker.redis;

import dev.arena.broker.Envelope;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.broker.RunOutcome;
import dev.arena.error.BackendUnavailableException;
import dev.arena.reply.BoundedReplies;
import dev.arena.wire.RunStatus;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Builds {@link RunInfo} views from Redis: {@code XINFO STREAM} (length, first and last entry),
 * the run's meta hash (start time, parent) and the sentinel's {@code PTTL}, pipelined for many
 * runs at once. Runs are found with {@code SCAN MATCH arena:run:*:events COUNT 1000}, which costs
 * one pass over the keyspace per call (per node on a Cluster) — the price of not keeping a
 * separate index that could drift from the keys themselves.
 */
final class RunInspector {

    static final int SCAN_COUNT = 1000;

    private final RedisClusterAsyncCommands<String, String> redis;
    private final BoundedReplies calls;
    private final ToIntFunction<RunId> subscribers;

    RunInspector(
            RedisClusterAsyncCommands<String, String> redis, BoundedReplies calls, ToIntFunction<RunId> subscribers) {
        this.redis = redis;
        this.calls = calls;
        this.subscribers = subscribers;
    }

    Optional<RunInfo> run(RunId run) {
        List<RunInfo> infos = infos(List.of(RunKeys.of(run)));
        return infos.isEmpty() ? Optional.empty() : Optional.of(infos.get(0));
    }

    /** Every run whose stream still exists, newest first. */
    List<RunInfo> runs() {
        List<RunKeys> keys = new ArrayList<>();
        for (String key : scan(RunKeys.EVENTS_PATTERN)) {
            RunId run = RunKeys.runOf(key);
            if (run != null) {
                keys.add(RunKeys.of(run));
            }
        }
        List<RunInfo> infos = new ArrayList<>(infos(keys));
        infos.sort(Comparator.comparing(RunInfo::startedAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return infos;
    }

    /** Number of producer-alive sentinels: one SCAN pass. */
    long countOpen() {
        long n = 0;
        for (String key : scan(RunKeys.OPEN_PATTERN)) {
            if (RunKeys.runOf(key) != null) {
                n++;
            }
        }
        return n;
    }

    private Set<String> scan(String pattern) {
        Set<String> keys = new LinkedHashSet<>();
        ScanArgs args = ScanArgs.Builder.matches(pattern).limit(SCAN_COUNT);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = calls.await("SCAN " + pattern, redis.scan(cursor, args));
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return keys;
    }

    private List<RunInfo> infos(List<RunKeys> runs) {
        List<RedisFuture<List<Object>>> xinfo = new ArrayList<>(runs.size());
        List<RedisFuture<List<KeyValue<String, String>>>> meta = new ArrayList<>(runs.size());
        List<RedisFuture<Long>> ttl = new ArrayList<>(runs.size());
        for (RunKeys k : runs) {
            xinfo.add(redis.xinfoStream(k.events));
            meta.add(redis.hmget(k.meta, "started_at", "parent_run_id"));
            ttl.add(redis.pttl(k.open));
        }
        List<RunInfo> out = new ArrayList<>(runs.size());
        BoundedReplies.Batch pipelined = calls.batch();
        for (int i = 0; i < runs.size(); i++) {
            List<Object> info;
            try {
                info = pipelined.await("XINFO STREAM " + runs.get(i).events, xinfo.get(i));
            } catch (BackendUnavailableException e) {
                if (e.getCause() instanceof RedisCommandExecutionException) {
                    continue; // "no such key": the run expired or was dropped between SCAN and XINFO
                }
                throw e;
            }
            List<KeyValue<String, String>> m = pipelined.await("HMGET meta", meta.get(i));
            long pttl = pipelined.await("PTTL", ttl.get(i));
            out.add(build(runs.get(i).run, info, m, pttl));
        }
        return out;
    }

    private RunInfo build(RunId run, List<Object> info, List<KeyValue<String, String>> meta, long pttl) {
        long length = number(field(info, "length"));
        Envelope first = entry(field(info, "first-entry"));
        Envelope last = entry(field(info, "last-entry"));
        Instant startedAt = meta.get(0).hasValue() ? Instant.parse(meta.get(0).getValue()) : null;
        RunId parent = meta.get(1).hasValue() && RunId.isValid(meta.get(1).getValue())
                ? RunId.parse(meta.get(1).getValue())
                : null;
        if (first != null && first.seq() == 1 && "run.start".equals(first.kind())) {
            startedAt = startedAt != null ? startedAt : first.ts();
            if (parent == null
                    && first.payload().hasNonNull("parent_run_id")
                    && RunId.isValid(first.payload().get("parent_run_id").asText())) {
                parent = RunId.parse(first.payload().get("parent_run_id").asText());
            }
        }
        RunOutcome outcome = last == null ? null : RunOutcome.fromKind(last.kind());
        boolean sentinel = pttl >= 0 || pttl == -1;
        RunStatus status = sentinel || outcome == null ? RunStatus.RUNNING : outcome.status();
        Instant finishedAt = status != RunStatus.RUNNING ? last.ts() : null;
        return new RunInfo(
                run,
                parent,
                status,
                startedAt,
                finishedAt,
                length == 0 || first == null ? 0 : first.seq(),
                last == null ? 0 : last.seq(),
                length,
                subscribers.applyAsInt(run),
                last == null ? null : last.ts(),
                pttl > 0 ? Duration.ofMillis(pttl) : null);
    }

    private static Object field(List<Object> info, String name) {
        for (int i = 0; i + 1 < info.size(); i += 2) {
            if (name.equals(String.valueOf(info.get(i)))) {
                return info.get(i + 1);
            }
        }
        return null;
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : o == null ? 0 : Long.parseLong(o.toString());
    }

    /** An XINFO entry {@code [id, [field, value, ...]]} as an envelope, or null. */
    private static Envelope entry(Object o) {
        if (!(o instanceof List<?> e) || e.size() < 2 || !(e.get(1) instanceof List<?> fields)) {
            return null;
        }
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            if ("data".equals(String.valueOf(fields.get(i)))) {
                try {
                    return Envelope.parse(String.valueOf(fields.get(i + 1)));
                } catch (IllegalArgumentException bad) {
                    return null;
                }
            }
        }
        return null;
    }
}
