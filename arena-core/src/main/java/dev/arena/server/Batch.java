package dev.arena.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The SSE frames of one write. A single frame goes out as-is (shared bytes from the
 * {@link FrameCache}, no copy); several are concatenated into one buffer. Not thread-safe.
 */
final class Batch {

    private final List<byte[]> parts = new ArrayList<>(4);
    private int size;

    void add(byte[] bytes) {
        parts.add(bytes);
        size += bytes.length;
    }

    void add(String text) {
        add(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Bytes collected so far. */
    int size() {
        return size;
    }

    ByteBuffer toBuffer() {
        if (parts.size() == 1) {
            return ByteBuffer.wrap(parts.get(0));
        }
        byte[] all = new byte[size];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return ByteBuffer.wrap(all);
    }
}
