package dev.arena.fork;

import dev.arena.wire.ForkLiveness;
import java.time.Duration;

/**
 * Stuck or slow, from the stack (docs/design.md, "Fork tasks"): a pure function of the idle time and the
 * stack-sample streak, so every verdict is unit-tested without threads or time passing. A running task is
 * {@link ForkLiveness#STUCK} only when it is idle past the stuck-after and two samples at least half the
 * stuck-after apart, both after its last progress, show the same stack with no other stack between them;
 * idle past the stuck-after otherwise (its stack moves, or it was not yet seen the same twice) it is
 * {@link ForkLiveness#SLOW}: working, in a loop or a long call that is not parked.
 */
final class LivenessRule {

    private LivenessRule() {}

    /**
     * @param running    the task has not ended
     * @param idle       time since its last progress
     * @param stuckAfter ARENA_FORK_STUCK_AFTER
     * @param streak     its stack samples since the last progress
     * @return null for an ended task
     */
    static ForkLiveness judge(boolean running, Duration idle, Duration stuckAfter, StackSamples.Streak streak) {
        if (!running) {
            return null;
        }
        if (idle.compareTo(stuckAfter) <= 0) {
            return ForkLiveness.PROGRESSING;
        }
        if (streak.samples() >= 2 && streak.unchangedFor().compareTo(stuckAfter.dividedBy(2)) >= 0) {
            return ForkLiveness.STUCK;
        }
        return ForkLiveness.SLOW;
    }

    /** How often a running task's stack is sampled: a quarter of the stuck-after, between 100 ms and 15 s. */
    static Duration sampleEvery(Duration stuckAfter) {
        Duration quarter = stuckAfter.dividedBy(4);
        Duration floor = Duration.ofMillis(100);
        Duration ceiling = Duration.ofSeconds(15);
        return quarter.compareTo(floor) < 0 ? floor : quarter.compareTo(ceiling) > 0 ? ceiling : quarter;
    }
}
