package dev.arena.server;

import dev.arena.broker.Envelope;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * The UTF-8 bytes of each envelope's frame — SSE's ({@code id}/{@code event}/{@code data}) or a
 * WebSocket text frame's payload (the envelope itself), one cache per transport — built once
 * and shared by every client of the run: with N clients on a run, an event is encoded once, not N
 * times. A fixed-size, lock-free table indexed by (run, seq) and checked against the envelope
 * itself (the same object for every live subscriber; equal content otherwise), so a reused run id
 * can never get another run's frame; a collision just overwrites, so memory stays bounded.
 * Shared byte arrays are never written after publication.
 */
final class FrameCache {

    private record Frame(Envelope envelope, byte[] bytes) {}

    private final AtomicReferenceArray<Frame> slots;
    private final int mask;
    private final Function<Envelope, byte[]> encoder;

    /** SSE frames; @param slots a power of two */
    FrameCache(int slots) {
        this(slots, FrameCache::encode);
    }

    /** WebSocket text payloads: the envelope's JSON, the bytes SSE sends as {@code data:}. */
    static FrameCache webSocket(int slots) {
        return new FrameCache(slots, e -> e.toJson().getBytes(StandardCharsets.UTF_8));
    }

    private FrameCache(int slots, Function<Envelope, byte[]> encoder) {
        this.encoder = encoder;
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two, got " + slots);
        }
        this.slots = new AtomicReferenceArray<>(slots);
        this.mask = slots - 1;
    }

    /** The frame of {@code e}; callers must not modify the returned array. */
    byte[] frame(Envelope e) {
        int slot = (int) ((e.runId().hashCode() * 31L + e.seq()) & mask);
        Frame f = slots.get(slot);
        if (f != null && (f.envelope == e || (f.envelope.seq() == e.seq() && f.envelope.equals(e)))) {
            return f.bytes;
        }
        byte[] bytes = encoder.apply(e);
        slots.set(slot, new Frame(e, bytes));
        return bytes;
    }

    static byte[] encode(Envelope e) {
        String json = e.toJson();
        StringBuilder sb = new StringBuilder(json.length() + e.kind().length() + 40);
        sb.append("id: ")
                .append(e.seq())
                .append("\nevent: ")
                .append(e.kind())
                .append("\ndata: ")
                .append(json)
                .append("\n\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
