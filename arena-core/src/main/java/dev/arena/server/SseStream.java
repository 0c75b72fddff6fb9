package dev.arena.server;

import dev.arena.auth.ReaderGrant;
import dev.arena.broker.BrokerOverflowException;
import dev.arena.broker.Envelope;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import dev.arena.time.Ticker;
import dev.arena.wire.ErrorBody;
import dev.arena.wire.StreamEnd;
import dev.arena.wire.StreamOverflow;
import dev.arena.wire.WireJson;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SSE client. Envelopes are pulled from the {@link StreamSource} only when the previous write
 * has completed, so a client's server-side buffer is one batch of at most {@code batchBytes} and
 * the backlog stays in the broker. No thread waits per client: the source's ready callback or a
 * write completion schedules {@link #pump()}, which a work-in-progress counter keeps to one
 * runner at a time. A write that stays pending longer than the stall timeout (the client stopped
 * reading and its buffer is full) evicts the client; the hub ticks heartbeats and that check.
 *
 * <p>The reader's {@link ReaderGrant} was checked once when the stream opened: events of kinds it may not see are
 * skipped (the terminal event never is), and when its token expires the hub's tick ends the stream with an
 * {@code event: error} frame whose {@code error} is {@code token_expired}; nothing is checked per event.
 */
final class SseStream {

    private static final Logger LOG = LoggerFactory.getLogger(SseStream.class);

    private final RunId run;
    private final StreamSource source;
    private final Response response;
    private final Callback callback;
    private final Executor executor;
    private final SseHub hub;
    private final Clock clock;
    private final Ticker ticker;
    private final int batchBytes;
    private final FrameCache frames;
    private final DeliveryLag lag;
    private final ReaderGrant grant;

    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile boolean writing;
    private volatile int inFlightBytes;
    private volatile long writeStartedNanos;
    private volatile long lastWriteNanos;
    private volatile boolean heartbeatDue;
    private volatile boolean shuttingDown;
    private volatile boolean tokenExpired;
    private String opener;
    private long lastSeq;

    SseStream(
            RunId run,
            long fromSeq,
            StreamSource source,
            Response response,
            Callback callback,
            Executor executor,
            SseHub hub,
            Clock clock,
            Ticker ticker,
            int batchBytes,
            FrameCache frames,
            DeliveryLag lag,
            ReaderGrant grant) {
        this.run = run;
        this.source = source;
        this.response = response;
        this.callback = callback;
        this.executor = executor;
        this.hub = hub;
        this.clock = clock;
        this.ticker = ticker;
        this.lastWriteNanos = ticker.nanos();
        this.batchBytes = batchBytes;
        this.frames = frames;
        this.lag = lag;
        this.grant = grant;
        this.opener = ": arena stream " + run + " from " + fromSeq + "\n\n";
        this.lastSeq = fromSeq - 1;
    }

    /** Moves whatever is ready to the client; safe to call from any thread, any number of times. */
    void pump() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            try {
                drain();
            } catch (RuntimeException | Error e) {
                LOG.error("SSE stream of run {} failed", run, e);
                complete(e);
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void drain() {
        if (done.get() || writing) {
            return;
        }
        Batch out = new Batch();
        if (opener != null) {
            out.add(opener);
            opener = null;
        }
        boolean last = false;
        if (tokenExpired) {
            out.add("event: error\ndata: "
                    + WireJson.write(new ErrorBody(
                            "token_expired",
                            "the reader token expired: reconnect with a fresh token and Last-Event-ID " + lastSeq
                                    + " to resume without a gap"))
                    + "\n\n");
            write(out.toBuffer(), true);
            return;
        }
        boolean everyKind = grant.allKinds();
        Instant writtenAt = null; // read once per batch, only when it carries an event
        try {
            while (out.size() < batchBytes) {
                Envelope e = source.poll();
                if (e == null) {
                    break;
                }
                if (!everyKind && !grant.maySee(e.kind())) {
                    continue; // a kind this reader may not see: skipped, a gap in its seqs
                }
                lastSeq = e.seq();
                out.add(frames.frame(e));
                if (writtenAt == null) {
                    writtenAt = lag.now();
                }
                lag.observe(e.ts(), writtenAt);
                RunOutcome outcome = RunOutcome.fromKind(e.kind());
                if (outcome != null) {
                    out.add(end(outcome.status().wireName()));
                    last = true;
                    break;
                }
            }
            if (!last && source.isFinished()) {
                // Finished without a terminal event: only when closed under us (shutdown) or an
                // archived run that lacks one; never claim the run ended when the server is stopping.
                out.add(shuttingDown ? ": server shutting down\n\n" : end("unknown"));
                last = true;
            }
        } catch (BrokerOverflowException overflow) {
            out.add(overflowFrame(overflow));
            last = true;
        }
        if (!last && shuttingDown) {
            out.add(": server shutting down\n\n");
            last = true;
        }
        if (out.size() == 0 && heartbeatDue) {
            out.add(": heartbeat " + Envelope.formatTs(clock.instant()) + "\n\n");
        }
        heartbeatDue = false;
        if (out.size() == 0) {
            arm();
            return;
        }
        write(out.toBuffer(), last);
    }

    /**
     * Trimmed: {@code id: <available_from - 1>}, so a browser reconnecting by itself resumes there.
     * Lost: no {@code id} (no seq to resume from; a reconnect finds the run gone) and
     * {@code available_from} null.
     */
    private static String overflowFrame(BrokerOverflowException overflow) {
        if (overflow.isLost()) {
            return "event: overflow\ndata: " + WireJson.write(StreamOverflow.lost(overflow.requested())) + "\n\n";
        }
        StreamOverflow data = StreamOverflow.trimmed(overflow.availableFrom(), overflow.requested());
        return "id: " + (overflow.availableFrom() - 1) + "\nevent: overflow\ndata: " + WireJson.write(data) + "\n\n";
    }

    private String end(String status) {
        return "event: end\ndata: " + WireJson.write(new StreamEnd(run.value(), lastSeq, status)) + "\n\n";
    }

    private void arm() {
        if (armed.compareAndSet(false, true)) {
            source.onReady(() -> {
                armed.set(false);
                if (!done.get()) {
                    hub.ready(this);
                }
            });
        }
    }

    private void write(ByteBuffer bytes, boolean last) {
        inFlightBytes = bytes.remaining();
        writing = true;
        writeStartedNanos = ticker.nanos();
        response.write(
                last,
                bytes,
                Callback.from(
                        () -> {
                            inFlightBytes = 0;
                            writing = false;
                            lastWriteNanos = ticker.nanos();
                            if (last) {
                                complete(null);
                            } else {
                                pump();
                            }
                        },
                        this::complete));
    }

    /** Called by the hub about once a second: heartbeat when quiet, evict when stalled, end when the token expired. */
    void tick(long nowNanos, Instant now, long heartbeatNanos, long stallNanos) {
        if (done.get()) {
            return;
        }
        if (!tokenExpired && grant.expiredAt(now)) {
            tokenExpired = true;
            executor.execute(this::pump); // after a pending write completes, pump sends the error frame
        }
        if (writing) {
            if (nowNanos - writeStartedNanos > stallNanos) {
                evict(stallNanos);
            }
        } else if (nowNanos - lastWriteNanos >= heartbeatNanos) {
            heartbeatDue = true;
            executor.execute(this::pump);
        }
    }

    /** Ends the stream because the server is stopping (a comment, then the response ends). */
    void shutdown() {
        shuttingDown = true;
        if (writing) {
            complete(new IllegalStateException("server shutting down with a write pending"));
        } else {
            pump();
        }
    }

    private void evict(long stallNanos) {
        LOG.warn(
                "evicting SSE client of run {}: its send buffer stayed full for over {} ms (client not reading)",
                run,
                stallNanos / 1_000_000);
        if (done.get()) {
            return;
        }
        source.evict();
        complete(new TimeoutException("SSE client evicted: not reading"));
    }

    private void complete(Throwable failure) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        hub.remove(this);
        source.close();
        if (failure == null) {
            callback.succeeded();
        } else {
            LOG.debug("SSE stream of run {} ended: {}", run, failure.toString());
            callback.failed(failure);
        }
    }

    /** Bytes handed to Jetty and not yet confirmed written: this client's send buffer. */
    int bufferedBytes() {
        return done.get() ? 0 : inFlightBytes;
    }

    boolean isDone() {
        return done.get();
    }
}
