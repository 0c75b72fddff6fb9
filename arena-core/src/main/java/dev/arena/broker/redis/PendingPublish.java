package dev.arena.broker.redis;

import dev.arena.broker.RunOutcome;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * One accepted publish waiting for Redis: the envelope minus its seq, what the script must do
 * with it, and the caller's future. Immutable apart from the future.
 */
final class PendingPublish {

    final RunState run;
    final String suffix;
    /** {@link #suffix} in UTF-8, encoded by the publishing thread for a direct append. */
    private final byte[] suffixBytes;
    /** True for {@code run.start}: the script creates the run (and fails if it exists). */
    final boolean opens;
    /** The outcome this terminal event records, or null for any other event. */
    final RunOutcome outcome;
    /** {@code ts} of run.start and the parent run id ("" if none); only for {@link #opens}. */
    final String startedAt;

    final String parent;
    final CompletableFuture<Long> future = new CompletableFuture<>();
    final long acceptedNanos;

    PendingPublish(
            RunState run,
            String suffix,
            boolean opens,
            RunOutcome outcome,
            String startedAt,
            String parent,
            long acceptedNanos) {
        this.run = run;
        this.suffix = suffix;
        this.suffixBytes = suffix.getBytes(StandardCharsets.UTF_8);
        this.opens = opens;
        this.outcome = outcome;
        this.startedAt = startedAt;
        this.parent = parent;
        this.acceptedNanos = acceptedNanos;
    }

    byte[] suffixBytes() {
        return suffixBytes;
    }

    boolean terminal() {
        return outcome != null;
    }
}
