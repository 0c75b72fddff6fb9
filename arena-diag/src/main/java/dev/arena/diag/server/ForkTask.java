package dev.arena.diag.server;

import java.time.Instant;
import java.util.List;

/**
 * One fork task of {@code GET /debug/forks}.
 *
 * @param state running, done, failed or cancelled
 * @param stage loading-parent, replaying, continuing, persisting, done, … (free text)
 * @param stack the worker's frames, top first, while running; empty otherwise
 * @param error the failure message when failed, else null
 */
public record ForkTask(
        String name,
        String parentRunId,
        String childRunId,
        String state,
        String stage,
        Instant startedAt,
        Instant lastProgressAt,
        double idleSeconds,
        boolean stuck,
        long eventsReplayed,
        Long atSeq,
        List<String> stack,
        String error) {

    public ForkTask {
        stack = stack == null ? List.of() : List.copyOf(stack);
    }

    public boolean isRunning() {
        return "running".equals(state);
    }

    /** The top {@code n} frames of the worker's stack. */
    public List<String> topFrames(int n) {
        return stack.subList(0, Math.min(n, stack.size()));
    }

    /**
     * The first frame of our own code (not {@code java.}, {@code jdk.}, {@code sun.}, {@code kotlin.}):
     * where the worker actually waits, e.g. {@code dev.arena.sim.SimulatedLlm.complete(…)}; null when none.
     */
    public String decisiveFrame() {
        for (String f : stack) {
            String s = f.strip();
            if (s.startsWith("at ")) {
                s = s.substring(3);
            }
            if (!(s.startsWith("java.") || s.startsWith("jdk.") || s.startsWith("sun.") || s.startsWith("kotlin."))) {
                return s;
            }
        }
        return stack.isEmpty() ? null : stack.get(0);
    }
}
