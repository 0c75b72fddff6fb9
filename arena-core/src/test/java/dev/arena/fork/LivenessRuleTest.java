package dev.arena.fork;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.wire.ForkLiveness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stuck vs slow from the stack, verdict by verdict, and the samples that feed the rule. */
class LivenessRuleTest {

    private static final Duration STUCK_AFTER = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2026-11-22T06:00:00Z");
    private static final List<String> PARKED = List.of(
            "jdk.internal.misc.Unsafe.park(Native Method)",
            "dev.arena.sim.SimulatedLlm.complete(SimulatedLlm.java:57)");
    private static final List<String> WORKING = List.of("dev.arena.sim.SyntheticArena.next(SyntheticArena.java:88)");

    private static ForkLiveness judge(Duration idle, StackSamples.Streak streak) {
        return LivenessRule.judge(true, idle, STUCK_AFTER, streak);
    }

    @Test
    void endedTask_hasNoLiveness() {
        assertThat(LivenessRule.judge(
                        false,
                        Duration.ofHours(1),
                        STUCK_AFTER,
                        new StackSamples.Streak(9, Duration.ofHours(1), false)))
                .isNull();
    }

    @Test
    void idleUpToTheStuckAfter_isProgressing_whateverTheStack() {
        StackSamples.Streak parkedLong = new StackSamples.Streak(5, Duration.ofSeconds(60), false);

        assertThat(judge(Duration.ZERO, StackSamples.Streak.NONE)).isEqualTo(ForkLiveness.PROGRESSING);
        assertThat(judge(STUCK_AFTER, parkedLong)).isEqualTo(ForkLiveness.PROGRESSING);
    }

    @Test
    void idlePastTheStuckAfter_sameStackAcrossTwoSamplesOverHalfTheWindow_isStuck() {
        assertThat(judge(Duration.ofSeconds(61), new StackSamples.Streak(2, Duration.ofSeconds(30), false)))
                .isEqualTo(ForkLiveness.STUCK);
        assertThat(judge(Duration.ofSeconds(61), new StackSamples.Streak(4, Duration.ofSeconds(45), true)))
                .as("moved earlier, parked since: stuck now")
                .isEqualTo(ForkLiveness.STUCK);
    }

    @Test
    void idlePastTheStuckAfter_stackMovedWithinHalfTheWindow_isSlow() {
        assertThat(judge(Duration.ofSeconds(90), new StackSamples.Streak(1, Duration.ZERO, true)))
                .isEqualTo(ForkLiveness.SLOW);
        assertThat(judge(Duration.ofSeconds(90), new StackSamples.Streak(3, Duration.ofSeconds(29), true)))
                .isEqualTo(ForkLiveness.SLOW);
    }

    @Test
    void idlePastTheStuckAfter_notYetSeenTheSameTwice_isSlow_notStuck() {
        assertThat(judge(Duration.ofSeconds(600), StackSamples.Streak.NONE)).isEqualTo(ForkLiveness.SLOW);
        assertThat(judge(Duration.ofSeconds(600), new StackSamples.Streak(1, Duration.ZERO, false)))
                .isEqualTo(ForkLiveness.SLOW);
    }

    @Test
    void samples_sameStackTwice_makeAStreak_aNewStackRestartsIt_andProgressForgetsIt() {
        StackSamples samples = new StackSamples();
        samples.record(T0, PARKED, 7);
        samples.record(T0.plusSeconds(40), PARKED, 7);

        assertThat(samples.streak(7)).isEqualTo(new StackSamples.Streak(2, Duration.ofSeconds(40), false));

        samples.record(T0.plusSeconds(50), WORKING, 7);
        assertThat(samples.streak(7)).isEqualTo(new StackSamples.Streak(1, Duration.ZERO, true));

        assertThat(samples.streak(8))
                .as("the task progressed since: old samples do not count")
                .isEqualTo(StackSamples.Streak.NONE);
        samples.record(T0.plusSeconds(55), WORKING, 8);
        assertThat(samples.streak(8)).isEqualTo(new StackSamples.Streak(1, Duration.ZERO, false));
    }

    @Test
    void sampleEvery_isAQuarterOfTheStuckAfter_bounded() {
        assertThat(LivenessRule.sampleEvery(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(15));
        assertThat(LivenessRule.sampleEvery(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(250));
        assertThat(LivenessRule.sampleEvery(Duration.ofMillis(100))).isEqualTo(Duration.ofMillis(100));
        assertThat(LivenessRule.sampleEvery(Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(15));
    }
}
