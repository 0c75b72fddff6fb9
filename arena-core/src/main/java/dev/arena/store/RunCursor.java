package dev.arena.store;

import dev.arena.broker.RunId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Objects;

/**
 * A position in the newest-first order of runs ({@code started_at} descending, missing start times last, then
 * {@code run_id} ascending), for keyset paging of {@code GET /runs?before=…}: a page holds the runs strictly
 * after the cursor in that order. Start times compare at microsecond precision, the precision both stores keep and
 * the wire shows, so a live run and its stored copy sit at the same position.
 *
 * @param startedAt the position's start time; null sorts after every start time
 * @param runId     the run at the position, or null for "every run started strictly before {@code startedAt}"
 */
public record RunCursor(Instant startedAt, RunId runId) {

    /** The newest-first order of runs that this cursor is a position in, on (start time, run id). */
    public static final Comparator<RunCursor> NEWEST_FIRST = Comparator.comparing(
                    RunCursor::startedAt, Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
            .thenComparing(c -> c.runId() == null ? "" : c.runId().value());

    public RunCursor {
        startedAt = startedAt == null ? null : startedAt.truncatedTo(ChronoUnit.MICROS);
        if (startedAt == null && runId == null) {
            throw new IllegalArgumentException("a run cursor needs a start time, a run id or both");
        }
    }

    /** The position of {@code run}, started at {@code startedAt} (null when unknown): the page after it excludes it. */
    public static RunCursor at(RunId run, Instant startedAt) {
        return new RunCursor(startedAt, Objects.requireNonNull(run, "run"));
    }

    /** Every run started strictly before {@code instant} (and those with no start time). */
    public static RunCursor startedBefore(Instant instant) {
        return new RunCursor(Objects.requireNonNull(instant, "instant"), null);
    }

    /** True when a run started at {@code started} with id {@code run} comes strictly after this cursor. */
    public boolean admits(Instant started, RunId run) {
        RunCursor other = new RunCursor(started, run);
        if (runId == null) {
            return other.startedAt == null || other.startedAt.isBefore(startedAt);
        }
        return NEWEST_FIRST.compare(other, this) > 0;
    }
}
