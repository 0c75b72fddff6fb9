package dev.arena.server;

import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.store.Archiver;
import dev.arena.store.RunCursor;
import dev.arena.store.RunStore;
import dev.arena.store.StoredRun;
import dev.arena.wire.RunDetail;
import dev.arena.wire.RunSource;
import dev.arena.wire.RunStatus;
import dev.arena.wire.RunSummary;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The views of runs for {@code /runs} and {@code /runs/{id}}: live runs from the broker merged with
 * runs persisted in the store (live wins on the same id), as {@link RunSummary} and {@link RunDetail}.
 */
final class RunViews {

    /** A row with its place in the order, computed once per row rather than once per comparison. */
    private record Placed(RunSummary summary, RunCursor position) {
        static Placed of(RunSummary summary) {
            return new Placed(summary, new RunCursor(summary.startedAt(), RunId.parse(summary.runId())));
        }
    }

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

    /**
     * Up to {@code limit} runs, newest first, optionally only those with {@code status}, starting strictly after
     * {@code before} (from the newest when null).
     */
    List<RunSummary> list(int limit, RunStatus status, RunCursor before) {
        List<StoredRun> stored = store.runs(limit, status, before);
        Set<RunId> storedIds = new HashSet<>();
        stored.stream().filter(StoredRun::isFinished).forEach(s -> storedIds.add(s.runId()));
        Set<RunId> seen = new HashSet<>();
        List<RunSummary> out = new ArrayList<>();
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
                .filter(r -> status == null || status == r.status())
                .map(Placed::of)
                .filter(p -> before == null
                        || before.admits(p.position().startedAt(), p.position().runId()))
                .sorted(Comparator.comparing(Placed::position, RunCursor.NEWEST_FIRST))
                .limit(limit)
                .map(Placed::summary)
                .toList();
    }

    /** Where {@code run} stands in the newest-first order, or empty when neither the broker nor the store knows it. */
    Optional<RunCursor> position(RunId run) {
        Optional<RunInfo> live = broker.run(run);
        if (live.isPresent()) {
            return Optional.of(RunCursor.at(run, live.get().startedAt()));
        }
        return store.run(run).map(s -> RunCursor.at(run, s.startedAt()));
    }

    /** One run with its live stats, or empty when neither the broker nor the store knows it. */
    Optional<RunDetail> one(RunId id) {
        Optional<RunInfo> live = broker.run(id);
        if (live.isPresent()) {
            RunInfo run = live.get();
            boolean persisted = archiver.isArchived(id)
                    || store.run(id).filter(StoredRun::isFinished).isPresent();
            long archived = archiver.archivedThrough(id);
            Instant last = run.lastEventAt() != null ? run.lastEventAt() : run.startedAt();
            return Optional.of(new RunDetail(
                    run.runId().value(),
                    value(run.parentRunId()),
                    run.status(),
                    run.startedAt(),
                    run.finishedAt(),
                    run.headSeq(),
                    run.lastSeq(),
                    run.length(),
                    run.subscribers(),
                    run.lastEventAt(),
                    idle(last),
                    run.sentinelTtl() == null ? null : run.sentinelTtl().toSeconds(),
                    run.length(),
                    RunSource.LIVE,
                    persisted,
                    archived,
                    archived == 0 ? 0 : store.firstSeq(id)));
        }
        return store.run(id).map(s -> {
            Instant last = s.finishedAt() != null ? s.finishedAt() : s.startedAt();
            return new RunDetail(
                    s.runId().value(),
                    value(s.parentRunId()),
                    s.status(),
                    s.startedAt(),
                    s.finishedAt(),
                    s.eventCount() == 0 ? 0 : store.firstSeq(id),
                    s.lastSeq(),
                    s.eventCount(),
                    0,
                    last,
                    idle(last),
                    null,
                    s.eventCount(),
                    RunSource.ARCHIVE,
                    true,
                    s.eventCount() == 0 ? 0 : store.lastStoredSeq(id),
                    s.eventCount() == 0 ? 0 : store.firstSeq(id));
        });
    }

    private static RunSummary summary(RunInfo run, boolean persisted) {
        return new RunSummary(
                run.runId().value(),
                value(run.parentRunId()),
                run.status(),
                run.startedAt(),
                run.finishedAt(),
                run.lastSeq(),
                run.length(),
                RunSource.LIVE,
                persisted);
    }

    private static RunSummary summary(StoredRun s) {
        return new RunSummary(
                s.runId().value(),
                value(s.parentRunId()),
                s.status(),
                s.startedAt(),
                s.finishedAt(),
                s.lastSeq(),
                s.eventCount(),
                RunSource.ARCHIVE,
                true);
    }

    private static String value(RunId id) {
        return id == null ? null : id.value();
    }

    private Double idle(Instant since) {
        if (since == null) {
            return null;
        }
        long millis = Math.max(0, Duration.between(since, clock.instant()).toMillis());
        return millis / 1000.0;
    }
}
