package dev.arena.diag.triage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.diag.Status;
import dev.arena.wire.ForkLiveness;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The stuck-fork decision table, row by row: every verdict, and which row wins when several match. */
class TriageRulesTest {

    private static final Duration STUCK_AFTER = Duration.ofSeconds(60);
    private static final Set<Verdict> SEEN = EnumSet.noneOf(Verdict.class);

    /** An open run the server knows, idle 5 s, no growth, nothing wrong: the WAITING row. */
    private static TriageRules.Signals quiet() {
        return new TriageRules.Signals(
                true, false, true, 0, false, false, false, false, false, 5.0, false, null, false);
    }

    private static Verdict verdict(TriageRules.Signals s) {
        Verdict v = TriageRules.verdict(s, STUCK_AFTER);
        SEEN.add(v);
        return v;
    }

    private static TriageRules.Signals with(TriageRules.Signals s, String field, Object value) {
        return new TriageRules.Signals(
                field.equals("any") ? (boolean) value : s.anySourceReachable(),
                field.equals("forkFailed") ? (boolean) value : s.forkFailed(),
                field.equals("known") ? (boolean) value : s.runKnown(),
                field.equals("growth") ? (long) value : s.seqGrowth(),
                field.equals("recent") ? (boolean) value : s.lastEventRecent(),
                field.equals("dropped") ? (boolean) value : s.droppedGrew(),
                field.equals("finished") ? (boolean) value : s.finished(),
                field.equals("subscribers") ? (boolean) value : s.subscribersAttached(),
                field.equals("gone") ? (boolean) value : s.producerGoneWithoutTerminal(),
                field.equals("idle") ? (double) value : s.idleSeconds(),
                field.equals("forkStuck") ? (boolean) value : s.forkStuck(),
                field.equals("liveness") ? (ForkLiveness) value : s.forkLiveness(),
                field.equals("orphaned") ? (boolean) value : s.orphaned());
    }

    @Test
    void noSourceReachable_isUnknown_whateverElseIsTrue() {
        TriageRules.Signals s = with(with(quiet(), "any", false), "growth", 10L);
        assertThat(verdict(with(s, "forkFailed", true))).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void failedForkTask_isReplayCrashed_evenWhenTheRunIsUnknownOrGrew() {
        TriageRules.Signals s = with(quiet(), "forkFailed", true);
        assertThat(verdict(s)).isEqualTo(Verdict.REPLAY_CRASHED);
        assertThat(verdict(with(with(s, "known", false), "growth", 3L))).isEqualTo(Verdict.REPLAY_CRASHED);
    }

    @Test
    void runNobodyKnows_neverAppeared() {
        assertThat(verdict(with(quiet(), "known", false))).isEqualTo(Verdict.NEVER_APPEARED);
    }

    @Test
    void forkLeaseOwnerGone_isOrphaned_beforeFinishedStuckOrIdle() {
        TriageRules.Signals s = with(quiet(), "orphaned", true);
        assertThat(verdict(s)).isEqualTo(Verdict.ORPHANED);
        assertThat(verdict(with(s, "finished", true)))
                .as("closed by a survivor with the orphan reason")
                .isEqualTo(Verdict.ORPHANED);
        assertThat(verdict(with(with(s, "forkStuck", true), "idle", 600.0))).isEqualTo(Verdict.ORPHANED);
        assertThat(verdict(with(s, "any", false))).isEqualTo(Verdict.UNKNOWN);
        assertThat(verdict(with(s, "known", false))).isEqualTo(Verdict.NEVER_APPEARED);
        assertThat(verdict(with(s, "forkFailed", true))).isEqualTo(Verdict.REPLAY_CRASHED);
    }

    @Test
    void growthInTheWindow_isProgressing_evenWhenIdleWasLong() {
        TriageRules.Signals s = with(with(quiet(), "growth", 1L), "idle", 600.0);
        assertThat(verdict(with(s, "forkStuck", true))).isEqualTo(Verdict.PROGRESSING);
        assertThat(verdict(with(quiet(), "growth", -1L))).isEqualTo(Verdict.WAITING);
    }

    @Test
    void aLastEventMomentsAgo_isProgressing_butFinishedNotEndedAndStuckForksGoByTheirOwnRows() {
        TriageRules.Signals recent = with(quiet(), "recent", true);
        assertThat(verdict(recent)).isEqualTo(Verdict.PROGRESSING);
        assertThat(verdict(with(recent, "liveness", ForkLiveness.STUCK))).isEqualTo(Verdict.PRODUCER_STUCK);
        assertThat(verdict(with(recent, "forkStuck", true))).isEqualTo(Verdict.PRODUCER_STUCK);
        assertThat(verdict(with(recent, "liveness", ForkLiveness.SLOW))).isEqualTo(Verdict.PRODUCER_SLOW);
        assertThat(verdict(with(recent, "finished", true))).isEqualTo(Verdict.FINISHED);
        assertThat(verdict(with(recent, "gone", true))).isEqualTo(Verdict.CONSUMERS_NOT_ENDED);
        assertThat(verdict(with(recent, "forkFailed", true))).isEqualTo(Verdict.REPLAY_CRASHED);
    }

    @Test
    void droppedStreamsGrew_isOverflowed_beforeFinished() {
        TriageRules.Signals s = with(quiet(), "dropped", true);
        assertThat(verdict(s)).isEqualTo(Verdict.OVERFLOWED);
        assertThat(verdict(with(s, "finished", true))).isEqualTo(Verdict.OVERFLOWED);
    }

    @Test
    void finishedRun_isFinished_unlessSubscribersAreStillAttached() {
        TriageRules.Signals finished = with(with(quiet(), "finished", true), "idle", 600.0);
        assertThat(verdict(finished)).isEqualTo(Verdict.FINISHED);
        assertThat(verdict(with(finished, "subscribers", true))).isEqualTo(Verdict.CONSUMERS_NOT_ENDED);
    }

    @Test
    void sentinelGoneWithoutTerminalEvent_isConsumersNotEnded_beforeStuck() {
        TriageRules.Signals gone = with(with(quiet(), "gone", true), "idle", 600.0);
        assertThat(verdict(gone)).isEqualTo(Verdict.CONSUMERS_NOT_ENDED);
    }

    @Test
    void idleAtTheThreshold_orAForkFlaggedStuck_isProducerStuck() {
        assertThat(verdict(with(quiet(), "idle", 60.0))).isEqualTo(Verdict.PRODUCER_STUCK);
        assertThat(verdict(with(quiet(), "idle", 59.9))).isEqualTo(Verdict.WAITING);
        assertThat(verdict(with(quiet(), "forkStuck", true))).isEqualTo(Verdict.PRODUCER_STUCK);
    }

    @Test
    void runningFork_sameStackAcrossSamples_isStuck_movingStack_isSlow() {
        TriageRules.Signals idle = with(quiet(), "idle", 600.0);
        assertThat(verdict(with(idle, "liveness", ForkLiveness.STUCK))).isEqualTo(Verdict.PRODUCER_STUCK);
        assertThat(verdict(with(idle, "liveness", ForkLiveness.SLOW))).isEqualTo(Verdict.PRODUCER_SLOW);
        assertThat(Verdict.PRODUCER_SLOW.status()).isEqualTo(Status.WARNING);
    }

    @Test
    void runningForkJudgedProgressing_isWaiting_evenWhenTheRunIdlesPastTheThreshold() {
        assertThat(verdict(with(with(quiet(), "idle", 600.0), "liveness", ForkLiveness.PROGRESSING)))
                .isEqualTo(Verdict.WAITING);
    }

    @Test
    void slowFork_withGrowthOrAFailure_stillGoesByTheEarlierRows() {
        TriageRules.Signals slow = with(with(quiet(), "idle", 600.0), "liveness", ForkLiveness.SLOW);
        assertThat(verdict(with(slow, "growth", 2L))).isEqualTo(Verdict.PROGRESSING);
        assertThat(verdict(with(slow, "forkFailed", true))).isEqualTo(Verdict.REPLAY_CRASHED);
    }

    @Test
    void idleUnderTheThreshold_isWaiting() {
        assertThat(verdict(quiet())).isEqualTo(Verdict.WAITING);
    }

    @AfterAll
    static void everyVerdictIsReachable() {
        assertThat(SEEN).containsExactlyInAnyOrder(Verdict.values());
    }
}
