package dev.arena.server;

import dev.arena.broker.Envelope;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.broker.RunStatus;
import dev.arena.store.Archiver;
import dev.arena.store.RunStore;
import dev.arena.store.StoredRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON views of runs for {@code /runs} and {@code /runs/{id}}: live runs from the broker
 * merged with runs persisted in DuckDB (live wins on the same id), in the shapes of docs/api.md.
 */
final class RunViews {

    private static final Comparator<Map<String, Object>> NEWEST_FIRST = Comparator
            .comparing((Map<String, Object> m) -> (String) m.get("started_at"),
                    Comparator.nullsFirst(Comparator.<String>naturalOrder()))
            .reversed()
            .thenComparing(m -> (String) m.get("run_id"));

    private final EventBroker broker;
    private final RunStore store;
    private final Archiver archiver;
    private final Clock clock;

    RunViews(EventBroker broker, RunStore store, Archiver archiver, Clock clock) {
        this.broker = broker;
        this.store = store;
        this.archiver = archiver;
        this.clock = clock;
    }

    /** Up to {@code limit} runs, newest first, optionally only those with {@code status}. */
    List<Map<String, Object>> list(int limit, RunStatus status) {
        List<StoredRun> stored = store.runs(limit, status);
        Set<RunId> storedIds = new HashSet<>();
        stored.forEach(s -> storedIds.add(s.runId()));
        Set<RunId> seen = new HashSet<>();
        List<Map<String, Object>> out = new ArrayList<>();
        for (RunInfo run : broker.runs()) {
            seen.add(run.runId());
            boolean persisted = archiver.isArchived(run.runId()) || storedIds.contains(run.runId());
            out.add(summary(run, persisted));
        }
        for (StoredRun s : stored) {
            if (seen.add(s.runId())) {
                out.add(summary(s));
            }
        }
        return out.stream()
                .filter(m -> status == null || status.wireName().equals(m.get("status")))
                .sorted(NEWEST_FIRST)
                .limit(limit)
                .toList();
    }

    /** One run with its live stats, or empty when neither the broker nor DuckDB knows it. */
    Optional<Map<String, Object>> one(RunId id) {
        Optional<RunInfo> live = broker.run(id);
        if (live.isPresent()) {
            RunInfo run = live.get();
            boolean persisted = archiver.isArchived(id) || store.contains(id);
            Map<String, Object> m = summary(run, persisted);
            m.put("head_seq", run.headSeq());
            m.put("length", run.length());
            m.put("subscribers", run.subscribers());
            m.put("last_event_at", ts(run.lastEventAt()));
            Instant last = run.lastEventAt() != null ? run.lastEventAt() : run.startedAt();
            m.put("idle_seconds", idle(last));
            m.put("sentinel_ttl_seconds", run.sentinelTtl() == null ? null : run.sentinelTtl().toSeconds());
            return Optional.of(order(m));
        }
        return store.run(id).map(s -> {
            Map<String, Object> m = summary(s);
            m.put("head_seq", s.eventCount() == 0 ? 0 : store.firstSeq(id));
            m.put("length", s.eventCount());
            m.put("subscribers", 0);
            Instant last = s.finishedAt() != null ? s.finishedAt() : s.startedAt();
            m.put("last_event_at", ts(last));
            m.put("idle_seconds", idle(last));
            m.put("sentinel_ttl_seconds", null);
            return order(m);
        });
    }

    private Map<String, Object> summary(RunInfo run, boolean persisted) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", run.runId().value());
        m.put("parent_run_id", run.parentRunId() == null ? null : run.parentRunId().value());
        m.put("status", run.status().wireName());
        m.put("started_at", ts(run.startedAt()));
        m.put("finished_at", ts(run.finishedAt()));
        m.put("last_seq", run.lastSeq());
        m.put("event_count", run.length());
        m.put("source", "live");
        m.put("persisted", persisted);
        return m;
    }

    private static Map<String, Object> summary(StoredRun s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", s.runId().value());
        m.put("parent_run_id", s.parentRunId() == null ? null : s.parentRunId().value());
        m.put("status", s.status().wireName());
        m.put("started_at", ts(s.startedAt()));
        m.put("finished_at", ts(s.finishedAt()));
        m.put("last_seq", s.lastSeq());
        m.put("event_count", s.eventCount());
        m.put("source", "archive");
        m.put("persisted", true);
        return m;
    }

    /** The documented field order of a single-run view. */
    private static Map<String, Object> order(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : List.of("run_id", "parent_run_id", "status", "started_at", "finished_at", "head_seq",
                "last_seq", "length", "subscribers", "last_event_at", "idle_seconds", "sentinel_ttl_seconds",
                "event_count", "source", "persisted")) {
            out.put(key, m.get(key));
        }
        return out;
    }

    private Double idle(Instant since) {
        if (since == null) {
            return null;
        }
        long millis = Math.max(0, Duration.between(since, clock.instant()).toMillis());
        return millis / 1000.0;
    }

    static String ts(Instant instant) {
        return instant == null ? null : Envelope.formatTs(instant);
    }
}
