package dev.arena.broker.redis;

import dev.arena.broker.RunOutcome;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * One accepted publish waiting for Redis: the envelope minus its seq, what the script must do
 * with it, and the caller's future. Immutable apart from the future. Holds the envelope's tail in
 * UTF-8 only, encoded once by the publishing thread: a cycle holds thousands of these, and the
 * writer and Netty read each several times, so every byte per publish counts.
 */
final class PendingPublish {

    final RunState run;
    /** The envelope after its seq digits ({@link EnvelopeTemplate#suffix}) in UTF-8. */
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
        this.suffixBytes = suffix.getBytes(StandardCharsets.UTF_8);
        this.opens = opens;
        this.outcome = outcome;
        this.startedAt = startedAt;
        this.parent = parent;
        this.acceptedNanos = acceptedNanos;
    }

    /** The envelope after its seq digits in UTF-8. Do not modify. */
    byte[] suffixBytes() {
        return suffixBytes;
    }

    /** The envelope after its seq digits, for publish.lua's arguments (decoded again: that path is the rare one). */
    String suffix() {
        return new String(suffixBytes, StandardCharsets.UTF_8);
    }

    boolean terminal() {
        return outcome != null;
    }
}
