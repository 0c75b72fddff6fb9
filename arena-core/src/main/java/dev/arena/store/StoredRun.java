package dev.arena.store;

import dev.arena.broker.Envelope;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.broker.RunOutcome;
import dev.arena.broker.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One row of the {@code runs} table: a run as persisted.
 *
 * @param parentRunId the run this one was forked from, or null
 * @param finishedAt  when it ended, or null if it was persisted while still open
 * @param lastSeq     the newest seq the run reached
 * @param eventCount  events persisted (fewer than {@code lastSeq} when retention trimmed the head)
 */
public record StoredRun(RunId runId, RunId parentRunId, RunStatus status, Instant startedAt,
                        Instant finishedAt, long lastSeq, long eventCount) {

    public StoredRun {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(status, "status");
    }

    /**
     * The row for a run the broker describes as {@code info} with {@code events} retained; the
     * terminal event, when present, decides the status and finish time.
     */
    public static StoredRun of(RunInfo info, List<Envelope> events) {
        RunStatus status = info.status();
        Instant finishedAt = info.finishedAt();
        long lastSeq = info.lastSeq();
        if (!events.isEmpty()) {
            Envelope last = events.get(events.size() - 1);
            lastSeq = Math.max(lastSeq, last.seq());
            RunOutcome outcome = RunOutcome.fromKind(last.kind());
            if (outcome != null) {
                status = outcome.status();
                if (finishedAt == null) {
                    finishedAt = last.ts();
                }
            }
        }
        Instant startedAt = info.startedAt();
        if (startedAt == null && !events.isEmpty() && events.get(0).seq() == 1) {
            startedAt = events.get(0).ts();
        }
        return new StoredRun(info.runId(), info.parentRunId(), status, startedAt, finishedAt, lastSeq, events.size());
    }

    public boolean isFinished() {
        return status != RunStatus.RUNNING;
    }
}
