package dev.arena.server;

import dev.arena.broker.Envelope;
import dev.arena.broker.RunId;
import dev.arena.wire.StreamEnd;
import dev.arena.wire.StreamOverflow;
import dev.arena.wire.StreamResumed;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One WebSocket batch: the frames of {@link RunFeed}'s decisions as UTF-8 payloads — envelopes as they are (their
 * bytes shared by every socket of the run, as SSE shares its frames), the rest as control frames carrying
 * {@code "type"}. Filled by one drain of one {@link WsSession}; not thread-safe.
 */
final class WsFrames implements RunFeed.Frames {

    private final List<byte[]> out;
    private final FrameCache shared;
    private int size;
    private RunId run;
    private boolean resume;

    /** A batch continuing {@code out} (frames of a batch sent again), envelope bytes from {@code shared}. */
    WsFrames(List<byte[]> out, FrameCache shared) {
        this.out = out;
        this.shared = shared;
        for (byte[] b : out) {
            size += b.length;
        }
    }

    /** The run whose decisions come next, and whether its reader asked to resume (a {@code resumed} frame follows). */
    void following(RunId run, boolean resume) {
        this.run = run;
        this.resume = resume;
    }

    void add(String frame) {
        add(frame.getBytes(StandardCharsets.UTF_8));
    }

    private void add(byte[] payload) {
        out.add(payload);
        size += payload.length;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void opened(StreamResumed outcome) {
        add(WsSession.control("subscribed", run, outcome));
        if (resume) {
            add(WsSession.control("resumed", run, outcome));
        }
    }

    @Override
    public void event(Envelope e) {
        add(shared.frame(e));
    }

    @Override
    public void overflow(StreamOverflow overflow) {
        add(WsSession.control("overflow", run, overflow));
    }

    @Override
    public void end(StreamEnd end) {
        add(WsSession.control("end", null, end));
    }
}
