package dev.arena.diag.server;

import dev.arena.wire.ForkTaskView;
import java.util.List;

/** Reads the worker stack a fork task reports: where it waits, and its top frames for display. */
public final class ForkFrames {

    private ForkFrames() {}

    /** The top {@code n} frames of the task's worker stack. */
    public static List<String> top(ForkTaskView task, int n) {
        List<String> stack = task.stack();
        return stack.subList(0, Math.min(n, stack.size()));
    }

    /**
     * The first frame of our own code (not {@code java.}, {@code jdk.}, {@code sun.}, {@code kotlin.}):
     * where the worker actually waits, e.g. {@code dev.arena.sim.SimulatedLlm.complete(…)}; the top
     * frame when there is none of ours; null for an empty stack.
     */
    public static String decisive(ForkTaskView task) {
        for (String f : task.stack()) {
            String s = f.strip();
            if (s.startsWith("at ")) {
                s = s.substring(3);
            }
            if (!(s.startsWith("java.") || s.startsWith("jdk.") || s.startsWith("sun.") || s.startsWith("kotlin."))) {
                return s;
            }
        }
        return task.stack().isEmpty() ? null : task.stack().get(0);
    }
}
