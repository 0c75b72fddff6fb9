package dev.arena.broker.redis;

import dev.arena.broker.RunId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this process knows about a run it publishes to: its keys and envelope prefix, a local
 * guess of its last seq (only for the size check before Redis assigns the real one), and whether
 * this process already accepted its terminal event. Redis stays the authority: the publish script
 * re-checks everything atomically.
 */
final class RunState {

    final RunId run;
    final RunKeys keys;
    final String prefix;
    private final byte[] prefixBytes;
    private final byte[] xaddHead;
    final AtomicLong seqHint = new AtomicLong();
    /** Publisher thread only: the size of this run's batch in the last cycle, to size the next one's list. */
    int lastBatchSize;

    private volatile Instant closedAt;

    RunState(RunId run) {
        this.run = run;
        this.keys = RunKeys.of(run);
        this.prefix = EnvelopeTemplate.prefix(run);
        this.prefixBytes = prefix.getBytes(StandardCharsets.UTF_8);
        this.xaddHead = DirectAppend.xaddHead(keys.events);
    }

    /** {@link #prefix} in UTF-8. Do not modify. */
    byte[] prefixBytes() {
        return prefixBytes;
    }

    /** The start of every direct {@code XADD} to this run's stream. Do not modify. */
    byte[] xaddHead() {
        return xaddHead;
    }

    /** Marks the terminal event accepted; returns false if another caller got there first. */
    synchronized boolean markClosed(Instant now) {
        if (closedAt != null) {
            return false;
        }
        closedAt = now;
        return true;
    }

    /** Undoes {@link #markClosed} when the terminal event failed to land. */
    synchronized void reopen() {
        closedAt = null;
    }

    boolean isClosed() {
        return closedAt != null;
    }

    /** When the terminal event was accepted here, or null. */
    Instant closedAt() {
        return closedAt;
    }

    /** The seq the next event will probably get, for the size check. */
    long nextSeqGuess() {
        return seqHint.get() + 1;
    }

    void confirmed(long lastSeq) {
        seqHint.accumulateAndGet(lastSeq, Math::max);
    }
}
