package dev.arena.tui.state;

import dev.arena.tui.source.RunRow;
import dev.arena.tui.text.Cells;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The runs panel's at-a-glance judgement of an open run. It is a display hint computed from the
 * numbers on screen; the authoritative diagnosis is the triage ({@code t}).
 */
public enum RunVerdict {
    /** Events arrived recently. */
    HEALTHY,
    /** No event for a while, but less than the stuck threshold. */
    SLOW,
    /** No event for at least the stuck threshold ({@code ARENA_FORK_STUCK_AFTER}). */
    STALLED,
    /** Still open but nobody produces it any more: Redis sentinel gone, or its fork task ended. */
    ORPHAN,
    /** Not enough data yet (statistics not fetched in this refresh). */
    UNKNOWN;

    public String label() {
        return this == UNKNOWN ? Cells.UNKNOWN : name().toLowerCase(Locale.ROOT);
    }

    /**
     * Thresholds of the verdict.
     *
     * @param slowAfter    idle time from which a run is slow
     * @param stalledAfter idle time from which a run is stalled
     */
    record Rules(Duration slowAfter, Duration stalledAfter) {

        Rules {
            if (slowAfter.compareTo(stalledAfter) > 0) {
                throw new IllegalArgumentException("slowAfter " + slowAfter + " exceeds stalledAfter " + stalledAfter);
            }
        }

        /** Slow from a quarter of the stuck threshold, stalled from the threshold itself. */
        static Rules forStuckAfter(Duration stuckAfter) {
            return new Rules(stuckAfter.dividedBy(4), stuckAfter);
        }

        /**
         * @param redisBackend  true when sentinels exist (a missing one then means orphan)
         * @param forkEnded     true when the run is a fork child whose task is no longer running
         */
        RunVerdict classify(RunRow run, Instant now, boolean redisBackend, boolean forkEnded) {
            if (!run.detailed()) {
                return UNKNOWN;
            }
            if (forkEnded
                    || (redisBackend
                            && (run.sentinelTtl() == null || run.sentinelTtl().isNegative()))) {
                return ORPHAN;
            }
            Duration idle = idle(run, now);
            if (idle == null) {
                return UNKNOWN;
            }
            if (idle.compareTo(stalledAfter) >= 0) {
                return STALLED;
            }
            return idle.compareTo(slowAfter) >= 0 ? SLOW : HEALTHY;
        }
    }

    /**
     * Time since the run's last event (or its start) as of {@code asOf}, or null when unknown: the
     * idle the source reported when it was read, plus the time since that read on the console's own
     * clock (so a clock difference between console and server never counts); without a reported
     * idle, the last event's timestamp against {@code asOf}. The console passes the moment refresh
     * paused while a dialog is open, so nothing ages on screen that was not read again.
     */
    static Duration idle(RunRow run, Instant asOf) {
        if (run.idle() != null && run.observedAt() != null) {
            Duration since = Duration.between(run.observedAt(), asOf);
            return run.idle().plus(since.isNegative() ? Duration.ZERO : since);
        }
        Instant now = asOf;
        Instant last = run.lastEventAt() != null ? run.lastEventAt() : run.startedAt();
        if (last == null) {
            return null;
        }
        Duration d = Duration.between(last, now);
        return d.isNegative() ? Duration.ZERO : d;
    }
}
