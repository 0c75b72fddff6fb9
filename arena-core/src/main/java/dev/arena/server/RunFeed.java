package dev.arena.server;

import dev.arena.auth.ReaderGrant;
import dev.arena.broker.BrokerOverflowException;
import dev.arena.broker.Envelope;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import dev.arena.wire.StreamEnd;
import dev.arena.wire.StreamOverflow;
import dev.arena.wire.StreamResumed;
import java.time.Instant;

/**
 * The read path SSE and WebSocket share: one reader's position in one run over a
 * {@link StreamSource}, deciding what comes next — the resume outcome, envelopes in seq order, then
 * exactly one of {@code end} (after the terminal event, or {@code unknown} for an archived run
 * without one) or {@code overflow} (trimmed or lost). Transports only turn these into their own
 * frames through {@link Frames}, so the resume rules cannot differ between them. Used by one
 * thread at a time (its stream's pump); the source's {@code onReady} callback may come from any.
 */
final class RunFeed {

    /** A transport's frames for one batch; {@link #size()} is the bytes added so far. */
    interface Frames {
        int size();

        /** The first frame: whether the stream continues at the asked seq. */
        void opened(StreamResumed outcome);

        void event(Envelope e);

        void overflow(StreamOverflow overflow);

        void end(StreamEnd end);
    }

    /** What {@link #drain} left the feed in. */
    enum State {
        /** More may come: arm {@link #onReady}. */
        OPEN,
        /** The last frame ({@code end} or {@code overflow}) was written. */
        ENDED,
        /** The source was closed under the feed while the server stops; the transport says so its own way. */
        STOPPED
    }

    private final RunId run;
    private final long fromSeq;
    private final StreamSource source;
    private final DeliveryLag lag;
    private final ReaderDrops.Counter drops;
    private volatile ReaderGrant grant;
    private boolean outcomePending = true;
    private volatile long lastSeq;
    private volatile Instant lastTs;
    private boolean overflowed;

    /**
     * @param drops counts this reader once if it overflows (the transport counts evictions)
     * @param grant what the reader may see: events of other kinds are passed over, the terminal event never
     */
    RunFeed(
            RunId run,
            long fromSeq,
            StreamSource source,
            DeliveryLag lag,
            ReaderDrops.Counter drops,
            ReaderGrant grant) {
        this.run = run;
        this.fromSeq = fromSeq;
        this.source = source;
        this.lag = lag;
        this.drops = drops;
        this.grant = grant;
        this.lastSeq = fromSeq - 1;
    }

    RunId run() {
        return run;
    }

    /** The claims that apply from the next event on (a WebSocket reader renewed its token). */
    void grant(ReaderGrant renewed) {
        this.grant = renewed;
    }

    /** Where this reader is, for {@code /debug/readers}; readable from any thread. */
    ReaderPosition position() {
        return new ReaderPosition(run, lastSeq, lastTs);
    }

    /** The seq of the last envelope handed out (the asked seq - 1 before the first). */
    long lastSeq() {
        return lastSeq;
    }

    /**
     * Adds what is ready to {@code out} until it holds {@code budget} bytes.
     *
     * @param stopping the server is shutting down: a source finished without a terminal event is
     *                 {@link State#STOPPED}, never presented as the run's end
     */
    State drain(Frames out, int budget, boolean stopping) {
        Instant writtenAt = null; // read once per batch, only when it carries an event
        ReaderGrant grant = this.grant;
        boolean everyKind = grant.allKinds();
        try {
            while (out.size() < budget) {
                Envelope e = source.poll();
                if (outcomePending) {
                    outcomePending = false;
                    out.opened(StreamResumed.exactly(fromSeq));
                }
                if (e == null) {
                    break;
                }
                lastSeq = e.seq();
                lastTs = e.ts();
                if (!everyKind && !grant.maySee(e.kind())) {
                    continue; // a kind this reader may not see: passed over (a terminal event never is)
                }
                out.event(e);
                if (writtenAt == null) {
                    writtenAt = lag.now();
                }
                lag.observe(e.ts(), writtenAt);
                RunOutcome outcome = RunOutcome.fromKind(e.kind());
                if (outcome != null) {
                    out.end(new StreamEnd(run.value(), lastSeq, outcome.status().wireName()));
                    return State.ENDED;
                }
            }
            if (source.isFinished()) {
                if (stopping) {
                    return State.STOPPED;
                }
                // an archived run persisted without its terminal event
                out.end(new StreamEnd(run.value(), lastSeq, "unknown"));
                return State.ENDED;
            }
            return State.OPEN;
        } catch (BrokerOverflowException overflow) {
            StreamOverflow data = overflow.isLost()
                    ? StreamOverflow.lost(overflow.requested())
                    : StreamOverflow.trimmed(overflow.availableFrom(), overflow.requested());
            if (outcomePending) {
                outcomePending = false;
                out.opened(StreamResumed.not(fromSeq, data));
            }
            if (!overflowed) {
                overflowed = true;
                drops.increment();
            }
            out.overflow(data);
            return State.ENDED;
        }
    }

    /** Calls back once when {@link #drain} may have something new. */
    void onReady(Runnable callback) {
        source.onReady(callback);
    }

    /** Stops reading because the reader could not keep up. */
    void evict() {
        source.evict();
    }

    void close() {
        source.close();
    }
}
