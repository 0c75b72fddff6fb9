package dev.arena.server;

import dev.arena.auth.ReaderGrant;
import dev.arena.broker.Envelope;
import dev.arena.broker.RunId;
import dev.arena.time.Ticker;
import dev.arena.wire.ErrorBody;
import dev.arena.wire.StreamEnd;
import dev.arena.wire.StreamOverflow;
import dev.arena.wire.StreamResumed;
import dev.arena.wire.WireJson;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SSE client: the SSE frames of a {@link RunFeed} (the read path WebSocket shares). Envelopes
 * are pulled only when the previous write
 * has completed, so a client's server-side buffer is one batch of at most {@code batchBytes} and
 * the backlog stays in the broker. No thread waits per client: the source's ready callback or a
 * write completion schedules {@link #pump()}, which a work-in-progress counter keeps to one
 * runner at a time. A write that stays pending longer than the stall timeout (the client stopped
 * reading and its buffer is full) evicts the client; the hub ticks heartbeats and that check.
 */
final class SseStream implements HubReader {

    private static final Logger LOG = LoggerFactory.getLogger(SseStream.class);

    private final RunId run;
    private final RunFeed feed;
    private final boolean resume;
    private final Response response;
    private final Callback callback;
    private final Executor executor;
    private final SseHub hub;
    private final Clock clock;
    private final Ticker ticker;
    private final int batchBytes;
    private final FrameCache frames;
    private final ReaderDrops.Counter drops;

    private final DrainLoop loop = new DrainLoop(this::drain, this::failed);
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile boolean writing;
    private volatile int inFlightBytes;
    private volatile long writeStartedNanos;
    private volatile long lastWriteNanos;
    private volatile boolean heartbeatDue;
    private volatile boolean shuttingDown;
    private final Instant connectedAt;
    private final ReaderGrant grant;
    private volatile boolean tokenExpired;
    private final String who;
    private String opener;

    SseStream(
            RunFeed feed,
            long fromSeq,
            boolean resume,
            Response response,
            Callback callback,
            Executor executor,
            SseHub hub,
            Clock clock,
            Ticker ticker,
            int batchBytes,
            FrameCache frames,
            ReaderDrops.Counter drops,
            String who,
            ReaderGrant grant) {
        this.run = feed.run();
        this.feed = feed;
        this.resume = resume;
        this.response = response;
        this.callback = callback;
        this.executor = executor;
        this.hub = hub;
        this.clock = clock;
        this.ticker = ticker;
        this.lastWriteNanos = ticker.nanos();
        this.batchBytes = batchBytes;
        this.frames = frames;
        this.drops = drops;
        this.connectedAt = clock.instant();
        this.who = who;
        this.grant = grant;
        this.opener = ": arena stream " + run + " from " + fromSeq + "\n\n";
    }

    /** Moves whatever is ready to the client; safe to call from any thread, any number of times. */
    @Override
    public void pump() {
        loop.run();
    }

    private void failed(Throwable e) {
        LOG.error("SSE stream of run {} failed", run, e);
        complete(e);
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
        if (tokenExpired) {
            out.add("event: error\ndata: "
                    + WireJson.write(new ErrorBody(
                            "token_expired",
                            "the reader token expired: reconnect with a fresh token and Last-Event-ID " + feed.lastSeq()
                                    + " to resume without a gap"))
                    + "\n\n");
            write(out.toBuffer(), true);
            return;
        }
        SseFrames frames = new SseFrames(out);
        RunFeed.State state = feed.drain(frames, batchBytes, shuttingDown);
        boolean last = state != RunFeed.State.OPEN;
        if (state == RunFeed.State.STOPPED || (!last && shuttingDown)) {
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

    /** The SSE frames of {@link RunFeed}'s decisions. */
    private final class SseFrames implements RunFeed.Frames {
        private final Batch out;

        SseFrames(Batch out) {
            this.out = out;
        }

        @Override
        public int size() {
            return out.size();
        }

        @Override
        public void opened(StreamResumed outcome) {
            if (resume) {
                out.add("event: resumed\ndata: " + WireJson.write(outcome) + "\n\n");
            }
        }

        @Override
        public void event(Envelope e) {
            out.add(frames.frame(e));
        }

        /**
         * Trimmed: {@code id: <available_from - 1>}, so a browser reconnecting by itself resumes there.
         * Lost: no {@code id} (no seq to resume from; a reconnect finds the run gone) and
         * {@code available_from} null.
         */
        @Override
        public void overflow(StreamOverflow overflow) {
            String id = overflow.availableFrom() == null ? "" : "id: " + (overflow.availableFrom() - 1) + "\n";
            out.add(id + "event: overflow\ndata: " + WireJson.write(overflow) + "\n\n");
        }

        @Override
        public void end(StreamEnd end) {
            out.add("event: end\ndata: " + WireJson.write(end) + "\n\n");
        }
    }

    private void arm() {
        if (armed.compareAndSet(false, true)) {
            feed.onReady(() -> {
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

    /** Called by the hub about once a second: heartbeat when quiet, evict when stalled. */
    @Override
    public void tick(long nowNanos, long heartbeatNanos, long stallNanos) {
        if (done.get()) {
            return;
        }
        if (!tokenExpired && grant.expiredAt(clock.instant())) {
            tokenExpired = true; // checked here, about once a second, never per event
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
    @Override
    public void shutdown() {
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
        drops.increment();
        feed.evict();
        complete(new TimeoutException("SSE client evicted: not reading"));
    }

    private void complete(Throwable failure) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        hub.remove(this);
        feed.close();
        if (failure == null) {
            callback.succeeded();
        } else {
            LOG.debug("SSE stream of run {} ended: {}", run, failure.toString());
            callback.failed(failure);
        }
    }

    /** Bytes handed to Jetty and not yet confirmed written: this client's send buffer. */
    @Override
    public ReaderSnapshot snapshot() {
        return new ReaderSnapshot("sse", who, connectedAt, inFlightBytes, List.of(feed.position()));
    }

    @Override
    public int bufferedBytes() {
        return done.get() ? 0 : inFlightBytes;
    }

    boolean isDone() {
        return done.get();
    }
}
