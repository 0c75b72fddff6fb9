package dev.arena.diag.triage;

import dev.arena.wire.ForkLiveness;
import java.time.Duration;

/**
 * The stuck-fork runbook's decision table (runbooks/stuck-fork.md), as a pure function of a few
 * facts, so every verdict is tested without a server, Redis or time passing. {@link Facts}
 * reduces the observations to {@link Signals}; rows are checked top to bottom, first match wins.
 */
final class TriageRules {

    /**
     * What the verdict depends on.
     *
     * @param anySourceReachable          the server or Redis answered
     * @param forkFailed                  the fork task producing the run is in state failed
     * @param runKnown                    the server knows the run, or Redis has its stream or sentinel
     * @param seqGrowth                   events added during the watch window (-1 when not watched or unknown)
     * @param lastEventRecent             the run's last event is at most {@link Triage#RECENT_EVENT} old
     * @param droppedGrew                 the server's streams_dropped grew during the window
     * @param finished                    the run ended (server status, or a terminal event and no sentinel)
     * @param subscribersAttached         live subscribers are still attached to the run
     * @param producerGoneWithoutTerminal the sentinel is gone but the stream has no terminal event
     * @param idleSeconds                 seconds since the run's last event
     * @param forkStuck                   the server flags the fork task stuck
     * @param forkLiveness                the server's stuck/slow judgement of the running fork task from its stack,
     *                                    or null (no running fork task, or a server that does not judge it)
     * @param orphaned                    the run's fork lease names an owner server that is gone (expired, not in the
     *                                    registry), or the run was closed with an {@code orphaned: owner server ... gone} reason
     */
    record Signals(
            boolean anySourceReachable,
            boolean forkFailed,
            boolean runKnown,
            long seqGrowth,
            boolean lastEventRecent,
            boolean droppedGrew,
            boolean finished,
            boolean subscribersAttached,
            boolean producerGoneWithoutTerminal,
            double idleSeconds,
            boolean forkStuck,
            ForkLiveness forkLiveness,
            boolean orphaned) {}

    private TriageRules() {}

    /**
     * The verdict for {@code s}. A running fork task is stuck or slow as the server judged it from its stack
     * (same stack across two samples over the idle window: stuck; moving: slow); a producer without a fork
     * task is stuck once idle for {@code stuckAfter} (whole seconds) or more.
     */
    static Verdict verdict(Signals s, Duration stuckAfter) {
        if (!s.anySourceReachable()) {
            return Verdict.UNKNOWN;
        }
        if (s.forkFailed()) {
            return Verdict.REPLAY_CRASHED;
        }
        if (!s.runKnown()) {
            return Verdict.NEVER_APPEARED;
        }
        if (s.orphaned()) {
            return Verdict.ORPHANED; // no producer left: nothing can grow, and "finished" would hide why it ended
        }
        if (s.seqGrowth() > 0) {
            return Verdict.PROGRESSING;
        }
        if (s.droppedGrew()) {
            return Verdict.OVERFLOWED;
        }
        if (s.finished()) {
            return s.subscribersAttached() ? Verdict.CONSUMERS_NOT_ENDED : Verdict.FINISHED;
        }
        if (s.producerGoneWithoutTerminal()) {
            return Verdict.CONSUMERS_NOT_ENDED;
        }
        if (s.forkStuck() || s.forkLiveness() == ForkLiveness.STUCK) {
            return Verdict.PRODUCER_STUCK;
        }
        if (s.forkLiveness() == ForkLiveness.SLOW) {
            return Verdict.PRODUCER_SLOW; // idle past the threshold, but its stack moves: working, not parked
        }
        if (s.lastEventRecent()) {
            return Verdict.PROGRESSING; // an event moments ago, and no stuck fork: what a watch would see grow
        }
        if (s.forkLiveness() == null && s.idleSeconds() >= stuckAfter.toSeconds()) {
            return Verdict.PRODUCER_STUCK; // no fork task to sample: idle time is all there is
        }
        return Verdict.WAITING;
    }
}
