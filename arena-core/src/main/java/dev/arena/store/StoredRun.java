package dev.arena.store;

import dev.arena.broker.Envelope;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.broker.RunOutcome;
import dev.arena.wire.RunStatus;
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
public record StoredRun(
        RunId runId,
        RunId parentRunId,
        RunStatus status,
        Instant startedAt,
        Instant finishedAt,
        long lastSeq,
        long eventCount) {

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
            for (Envelope e : events) {
                lastSeq = Math.max(lastSeq, e.seq()); // the stores rely on no stored event being above lastSeq
            }
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

    /**
     * The row a store keeps when {@code incoming} is persisted over this stored row, so that writing a
     * run again — by another server, after a restart, with less retained — never moves it backwards:
     * this row when it is further along (a higher {@code lastSeq}, or finished while {@code incoming}
     * is still running), else {@code incoming}; a start time, parent or finish time the kept row lacks
     * is taken from the other. {@code eventCount} is the kept row's; stores set it to the number of the run's
     * events they hold.
     */
    public StoredRun mergedWith(StoredRun incoming) {
        if (!incoming.runId.equals(runId)) {
            throw new IllegalArgumentException("cannot merge run " + incoming.runId + " into " + runId);
        }
        boolean keepThis = lastSeq > incoming.lastSeq || (isFinished() && !incoming.isFinished());
        StoredRun kept = keepThis ? this : incoming;
        StoredRun other = keepThis ? incoming : this;
        return new StoredRun(
                runId,
                kept.parentRunId != null ? kept.parentRunId : other.parentRunId,
                kept.status,
                kept.startedAt != null ? kept.startedAt : other.startedAt,
                kept.finishedAt != null || !kept.isFinished() ? kept.finishedAt : other.finishedAt,
                kept.lastSeq,
                kept.eventCount);
    }

    /** This row with {@code eventCount} replaced. */
    public StoredRun withEventCount(long count) {
        return new StoredRun(runId, parentRunId, status, startedAt, finishedAt, lastSeq, count);
    }

    public boolean isFinished() {
        return status != RunStatus.RUNNING;
    }
}
