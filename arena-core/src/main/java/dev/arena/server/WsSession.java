package dev.arena.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arena.auth.ReaderGrant;
import dev.arena.broker.RunId;
import dev.arena.error.BackendUnavailableException;
import dev.arena.json.Json;
import dev.arena.time.Ticker;
import dev.arena.wire.StreamEnd;
import dev.arena.wire.StreamResumed;
import dev.arena.wire.WireJson;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket reader, carrying any number of runs, each a {@link RunFeed} (the read path SSE
 * shares). Like {@link SseStream}, frames are pulled only when the previous batch was confirmed
 * written, so the server holds at most one batch per socket and the backlog stays in the broker;
 * one pump runs at a time (work-in-progress counter) and every change to the subscriptions is
 * applied by it. A batch unconfirmed past the stall timeout, or three consecutive failed sends of
 * it, evicts the reader with close code {@value #EVICTED} (behind Jetty a failed send means a failed connection,
 * which Jetty reports first, so in practice the reader has already ended: docs/decisions.md). A batch goes out as one
 * write: every frame but the last is handed to Jetty's core session as batched. The hub's ticks ping it; a peer that
 * has not answered the previous ping by the next is cut off. Public only because Jetty calls the
 * listener methods reflectively; nothing outside this package constructs one.
 */
public final class WsSession implements Session.Listener.AutoDemanding, HubReader {

    /** Close code of a reader evicted for not keeping up (docs/api.md). */
    static final int EVICTED = 4001;
    /** RFC 6455's "try again later": a backend did not answer; the reader resumes where it was. */
    static final int TRY_AGAIN_LATER = 1013;

    static final int MAX_FAILED_SENDS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(WsSession.class);

    private static final class Sub {
        final RunFeed feed;
        final boolean resume;
        final AtomicBoolean armed = new AtomicBoolean();

        Sub(RunFeed feed, boolean resume) {
            this.feed = feed;
            this.resume = resume;
        }
    }

    private final SseHub hub;
    private final RunSources sources;
    private final LiveRuns live;
    private final Ticker ticker;
    private final int batchBytes;
    private final int maxRuns;
    private final ReaderDrops.Counter drops;
    private final List<WsCommand> initial;

    /** Touched only by the pump. */
    private final Map<RunId, Sub> subs = new LinkedHashMap<>();

    private final ConcurrentLinkedQueue<Runnable> changes = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> control = new ConcurrentLinkedQueue<>();
    private final DrainLoop loop = new DrainLoop(this::drain, this::failed);
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile Session session;
    private final ReaderGuard guard;
    private volatile ReaderGrant grant;
    private volatile boolean tokenExpired;
    private volatile List<RunFeed> following = List.of();
    private final Instant connectedAt;
    private volatile boolean writing;
    private volatile int inFlightBytes;
    private volatile long writeStartedNanos;
    private volatile long lastPingNanos;
    private volatile boolean pingOutstanding;
    private volatile boolean shuttingDown;
    private List<byte[]> failedBatch;
    private int failedSends;

    WsSession(
            SseHub hub,
            RunSources sources,
            LiveRuns live,
            Ticker ticker,
            int batchBytes,
            int maxRuns,
            List<WsCommand> initial,
            ReaderGuard guard,
            ReaderGrant grant) {
        this.hub = hub;
        this.sources = sources;
        this.live = live;
        this.ticker = ticker;
        this.batchBytes = batchBytes;
        this.maxRuns = maxRuns;
        this.drops = hub.drops().ws();
        this.initial = initial;
        this.guard = guard;
        this.grant = grant;
        this.lastPingNanos = ticker.nanos();
        this.connectedAt = hub.clock().instant();
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        hub.attach(this);
        for (WsCommand c : initial) {
            apply(c);
        }
        pump();
    }

    @Override
    public void onWebSocketText(String message) {
        if (done.get()) {
            return;
        }
        try {
            apply(WsCommand.parse(message));
        } catch (ApiException e) {
            error(null, e);
        }
        pump();
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        error(null, ApiException.badRequest("binary frames are not accepted: send JSON text frames"));
        pump();
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        pingOutstanding = false;
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        complete();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("WebSocket reader failed: {}", cause.toString());
        complete();
    }

    private void apply(WsCommand c) {
        try {
            switch (c.kind()) {
                case SUBSCRIBE -> subscribe(c);
                case UNSUBSCRIBE ->
                    changes.add(() -> {
                        Sub sub = subs.remove(c.run());
                        followingChanged();
                        if (sub == null) {
                            error(c.run(), new ApiException(400, "not_subscribed", "not subscribed to run " + c.run()));
                        } else {
                            sub.feed.close();
                            control.add(control("unsubscribed", c.run(), null));
                        }
                    });
                case LIVE -> live.add(this);
                case AUTH -> renew(guard.verify(c.token()));
            }
        } catch (ApiException e) {
            error(c.run(), e);
        } catch (RuntimeException e) { // the backend failed: the same code /events would answer
            Router.Answer answer = Router.answer(e);
            error(c.run(), new ApiException(answer.status(), answer.code(), String.valueOf(e.getMessage())));
        }
    }

    /**
     * A fresh token on an open socket: its claims apply from now on — runs it does not permit are unsubscribed with a
     * {@code forbidden} error frame, the others continue with its kinds — and expiry is its expiry.
     */
    private void renew(ReaderGrant next) {
        changes.add(() -> {
            grant = next;
            tokenExpired = false;
            for (Iterator<Map.Entry<RunId, Sub>> it = subs.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<RunId, Sub> e = it.next();
                if (next.mayRead(e.getKey())) {
                    e.getValue().feed.grant(next);
                } else {
                    it.remove();
                    e.getValue().feed.close();
                    try {
                        ReaderGuard.refuseUnlessPermitted(next, e.getKey());
                    } catch (ApiException refused) {
                        error(e.getKey(), refused);
                    }
                }
            }
            followingChanged();
            ObjectNode frame = Json.mapper()
                    .createObjectNode()
                    .put("type", "authenticated")
                    .put("sub", next.subject());
            next.expiresAt().ifPresent(at -> frame.put("expires_at", at.toString()));
            control.add(frame.toString());
        });
    }

    private void subscribe(WsCommand c) {
        ReaderGuard.refuseUnlessPermitted(grant, c.run()); // 403: an error frame, the socket stays
        RunSources.Opened opened = sources.open(c.run(), c.start());
        if (opened.pastEnd()) {
            StreamResumed outcome = StreamResumed.exactly(c.start());
            control.add(control("subscribed", c.run(), outcome));
            if (c.resume()) {
                control.add(control("resumed", c.run(), outcome));
            }
            control.add(control("end", null, new StreamEnd(c.run().value(), opened.lastSeq(), opened.status())));
            return;
        }
        RunFeed feed = hub.feed(c.run(), c.start(), opened.source(), drops, grant);
        changes.add(() -> {
            if (subs.containsKey(c.run())) {
                feed.close();
                error(
                        c.run(),
                        new ApiException(
                                400,
                                "already_subscribed",
                                "already subscribed to run " + c.run()
                                        + ": unsubscribe first to start again elsewhere"));
            } else if (subs.size() >= maxRuns) {
                feed.close();
                error(
                        c.run(),
                        new ApiException(
                                400,
                                "too_many_runs",
                                "this socket already carries " + maxRuns
                                        + " runs: unsubscribe from one or open another socket"));
            } else {
                subs.put(c.run(), new Sub(feed, c.resume()));
                followingChanged();
            }
        });
    }

    /** Queues a {@code run} notice of the live feed. */
    void notice(String json) {
        control.add(json);
        hub.ready(this);
    }

    private void error(RunId run, ApiException e) {
        ObjectNode frame = Json.mapper().createObjectNode().put("type", "error");
        if (run != null) {
            frame.put("run_id", run.value());
        }
        control.add(frame.put("code", e.code()).put("message", e.getMessage()).toString());
    }

    /** {@code {"type":type,"run_id":run, ...fields of data}}: a control frame, never an envelope. */
    static String control(String type, RunId run, Record data) {
        StringBuilder sb =
                new StringBuilder(128).append("{\"type\":\"").append(type).append('"');
        if (run != null) {
            sb.append(",\"run_id\":\"").append(run.value()).append('"');
        }
        if (data != null) {
            String json = WireJson.write(data);
            if (json.length() > 2) {
                sb.append(',').append(json, 1, json.length() - 1);
            }
        }
        return sb.append('}').toString();
    }

    @Override
    public void pump() {
        loop.run();
    }

    private void failed(Throwable e) {
        if (e instanceof BackendUnavailableException) { // the store or Redis did not answer: nothing sent is lost
            LOG.warn("WebSocket reader {} ended, a backend did not answer: {}", remote(), e.getMessage());
            endWith(
                    "unavailable",
                    e.getMessage() + "; reconnect with each run's last_event_id to resume without a gap",
                    TRY_AGAIN_LATER,
                    "backend unavailable");
            return;
        }
        LOG.error("WebSocket reader failed", e);
        close(1011, "internal error");
    }

    private void drain() {
        Runnable change;
        while ((change = changes.poll()) != null) {
            change.run();
        }
        if (done.get() || writing) {
            return;
        }
        if (shuttingDown) {
            close(1001, "server shutting down");
            return;
        }
        List<byte[]> out = failedBatch != null ? failedBatch : new ArrayList<>();
        failedBatch = null;
        WsFrames frames = new WsFrames(out, hub.webSocketFrames());
        String c;
        while (frames.size() < batchBytes && (c = control.poll()) != null) {
            frames.add(c);
        }
        for (Iterator<Map.Entry<RunId, Sub>> it = subs.entrySet().iterator(); it.hasNext(); ) {
            Sub sub = it.next().getValue();
            if (frames.size() >= batchBytes) {
                break;
            }
            frames.following(sub.feed.run(), sub.resume);
            int before = frames.size();
            RunFeed.State state = sub.feed.drain(frames, batchBytes, false);
            if (state != RunFeed.State.OPEN) {
                it.remove();
                sub.feed.close();
                followingChanged();
            } else if (frames.size() == before) {
                // armed only when it had nothing: one that had frames is drained again when this batch is written
                // (as SSE does), rather than waking this socket for every event published while the batch is out
                arm(sub);
            }
        }
        if (!out.isEmpty()) {
            send(out);
        }
    }

    private void arm(Sub sub) {
        if (sub.armed.compareAndSet(false, true)) {
            sub.feed.onReady(() -> {
                sub.armed.set(false);
                if (!done.get()) {
                    hub.ready(this);
                }
            });
        }
    }

    private void send(List<byte[]> batch) {
        inFlightBytes = batch.stream().mapToInt(f -> f.length).sum();
        writing = true;
        writeStartedNanos = ticker.nanos();
        Outgoing outgoing = new Outgoing(batch);
        // Every frame but the last is batched, so Jetty gathers them into one write: a write per frame cost 2-3x
        // the CPU per delivered event (docs/benchmarks.md, "Server"). The API's sendText never batches.
        CoreSession core = ((WebSocketSession) session).getCoreSession();
        int last = batch.size() - 1;
        for (int i = 0; i <= last; i++) {
            // a buffer of its own over the shared bytes: Jetty moves its position, never writes the bytes
            core.sendFrame(
                    new Frame(OpCode.TEXT).setPayload(ByteBuffer.wrap(batch.get(i))), outgoing.frame(i), i < last);
        }
    }

    /** One batch in Jetty's hands: counts its frames' callbacks and remembers the first that failed. */
    private final class Outgoing {
        final List<byte[]> batch;
        final AtomicInteger left;
        final AtomicInteger firstFailed;

        Outgoing(List<byte[]> batch) {
            this.batch = batch;
            this.left = new AtomicInteger(batch.size());
            this.firstFailed = new AtomicInteger(batch.size());
        }

        org.eclipse.jetty.util.Callback frame(int index) {
            return new org.eclipse.jetty.util.Callback() {
                @Override
                public void succeeded() {
                    sent(Outgoing.this);
                }

                @Override
                public void failed(Throwable x) {
                    firstFailed.accumulateAndGet(index, Math::min);
                    sent(Outgoing.this);
                }
            };
        }
    }

    private void sent(Outgoing outgoing) {
        if (outgoing.left.decrementAndGet() != 0) {
            return;
        }
        List<byte[]> batch = outgoing.batch;
        inFlightBytes = 0;
        int failed = outgoing.firstFailed.get();
        if (failed < batch.size()) {
            failedSends++;
            if (failedSends >= MAX_FAILED_SENDS) {
                writing = false;
                evict(MAX_FAILED_SENDS + " consecutive sends failed");
                return;
            }
            // sent again from the first frame that failed: never a gap, never a frame twice
            failedBatch = new ArrayList<>(batch.subList(failed, batch.size()));
        } else {
            failedSends = 0;
        }
        writing = false;
        pump();
    }

    @Override
    public void tick(long nowNanos, long heartbeatNanos, long stallNanos) {
        if (done.get()) {
            return;
        }
        if (!tokenExpired && grant.expiredAt(hub.clock().instant())) {
            tokenExpired = true; // checked here, about once a second, never per event
            expire();
            return;
        }
        if (writing && nowNanos - writeStartedNanos > stallNanos) {
            evict("its send buffer stayed full for over " + stallNanos / 1_000_000 + " ms");
            return;
        }
        if (nowNanos - lastPingNanos >= heartbeatNanos) {
            if (pingOutstanding) {
                LOG.info(
                        "WebSocket reader {} answered no ping for {} ms: cut off",
                        remote(),
                        heartbeatNanos / 1_000_000);
                Session s = session;
                complete();
                s.disconnect();
                return;
            }
            lastPingNanos = nowNanos;
            pingOutstanding = true;
            session.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
        }
    }

    /** The token expired: one {@code error} frame saying so, then close 4401; the reader reconnects with a fresh one. */
    private void expire() {
        endWith(
                "token_expired",
                "the reader token expired: reconnect with a fresh token and each run's last_event_id to resume without a"
                        + " gap",
                4401,
                "token expired");
    }

    /** One {@code error} frame ({@code code}, {@code message}), then the close; the reader reconnects and resumes. */
    private void endWith(String code, String message, int closeCode, String reason) {
        Session s = session;
        if (s == null) {
            close(closeCode, reason);
            return;
        }
        String frame = Json.mapper()
                .createObjectNode()
                .put("type", "error")
                .put("code", code)
                .put("message", message)
                .toString();
        Runnable closeAfter = () -> close(closeCode, reason);
        s.sendText(frame, Callback.from(closeAfter, failure -> closeAfter.run()));
    }

    private void evict(String why) {
        if (done.get()) {
            return;
        }
        LOG.warn("evicting WebSocket reader {} ({} run(s)): {}", remote(), subs.size(), why);
        drops.increment();
        changes.add(() -> subs.values().forEach(sub -> sub.feed.evict()));
        boolean stalled = writing;
        Session s = session;
        complete();
        s.close(EVICTED, "evicted: " + why, Callback.from(() -> {}, x -> s.disconnect()));
        if (stalled) { // the close frame would wait behind what the peer does not read
            s.disconnect();
        }
    }

    /** Republishes the runs this socket follows for readers on other threads ({@link #snapshot}). */
    private void followingChanged() {
        following = subs.values().stream().map(sub -> sub.feed).toList();
    }

    @Override
    public ReaderSnapshot snapshot() {
        return new ReaderSnapshot(
                "ws",
                ReaderSnapshot.who(grant, session == null ? null : session.getRemoteSocketAddress()),
                connectedAt,
                inFlightBytes,
                following.stream().map(RunFeed::position).toList());
    }

    private String remote() {
        Session s = session;
        return s == null ? "?" : String.valueOf(s.getRemoteSocketAddress());
    }

    @Override
    public void shutdown() {
        shuttingDown = true;
        pump();
    }

    private void close(int code, String reason) {
        Session s = session;
        complete();
        if (s != null) {
            s.close(code, reason, Callback.NOOP);
        }
    }

    private void complete() {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        hub.remove(this);
        live.remove(this);
        changes.add(() -> {
            for (Sub sub : subs.values()) {
                sub.feed.close();
            }
            subs.clear();
            followingChanged();
        });
        pump();
    }

    @Override
    public int bufferedBytes() {
        return done.get() ? 0 : inFlightBytes;
    }
}
