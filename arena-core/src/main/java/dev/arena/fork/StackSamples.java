package dev.arena.fork;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The worker-stack samples of one fork task since its last progress, reduced to the current streak: how many
 * samples in a row showed the same stack, since when, and whether the stack changed since the last progress.
 * A sample carries the task's progress mark (a count of publishes and stage changes): a sample from before
 * the latest progress never counts. Thread-safe (the sampler, views and the worker's progress race freely).
 */
final class StackSamples {

    /**
     * The current streak.
     *
     * @param samples       samples in a row with the same stack since the last progress (0 when none)
     * @param unchangedFor  from the streak's first sample to its last
     * @param moved         the stack changed at least once since the last progress
     */
    record Streak(int samples, Duration unchangedFor, boolean moved) {
        static final Streak NONE = new Streak(0, Duration.ZERO, false);
    }

    private long mark = -1;
    private List<String> stack;
    private Instant since;
    private Instant last;
    private int samples;
    private boolean moved;

    /** Records the stack seen at {@code now} while the task's progress mark was {@code progressMark}. */
    synchronized void record(Instant now, List<String> frames, long progressMark) {
        if (progressMark != mark) {
            mark = progressMark;
            moved = false;
            start(now, frames);
        } else if (frames.equals(stack)) {
            if (now.isAfter(last)) {
                last = now;
            }
            samples++;
        } else {
            moved = true;
            start(now, frames);
        }
    }

    private void start(Instant now, List<String> frames) {
        stack = List.copyOf(frames);
        since = now;
        last = now;
        samples = 1;
    }

    /** The streak since progress mark {@code progressMark}; {@link Streak#NONE} when no sample was taken since. */
    synchronized Streak streak(long progressMark) {
        if (progressMark != mark || samples == 0) {
            return Streak.NONE;
        }
        return new Streak(samples, Duration.between(since, last), moved);
    }
}
