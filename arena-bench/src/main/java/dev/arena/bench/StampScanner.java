package dev.arena.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the raw SSE streams of {@link NioSseClients} without building strings: finds each
 * {@code "t":<nanoTime>} stamp the benchmark producer put into payloads and records the latency,
 * counts {@code event: end} frames. Bytes after a stream's last complete frame are carried over
 * to its next read. Single-threaded (the selector thread).
 */
final class StampScanner implements BenchReaders.Stamps {

    private static final byte[] STAMP = "\"t\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "event: end\n".getBytes(StandardCharsets.US_ASCII);

    private static final int MIN_SKIP = 100;

    private final byte[][] carry;
    private final long[] samples;
    private final long warmupEnd;
    private final LagSeries series;
    private byte[] work = new byte[512 * 1024];
    private int size;
    private long delivered;
    private int ended;

    StampScanner(int clients, int capacity, long warmupEnd, LagSeries series) {
        this.carry = new byte[clients][];
        this.samples = new long[capacity];
        this.warmupEnd = warmupEnd;
        this.series = series;
    }

    @Override
    public void read(int index, ByteBuffer data, long now) {
        byte[] prev = carry[index];
        int prevLen = prev == null ? 0 : prev.length;
        int len = prevLen + data.remaining();
        if (work.length < len) {
            work = new byte[len * 2];
        }
        if (prev != null) {
            System.arraycopy(prev, 0, work, 0, prevLen);
        }
        data.get(work, prevLen, data.remaining());
        int complete = lastFrameEnd(work, len);
        scan(work, complete, now);
        carry[index] = complete == len ? null : Arrays.copyOfRange(work, complete, len);
    }

    private static int lastFrameEnd(byte[] b, int len) {
        for (int i = len - 1; i > 0; i--) {
            if (b[i] == '\n' && b[i - 1] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    private void scan(byte[] b, int len, long now) {
        for (int i = 0; i < len; i++) {
            if (matches(b, i, len, STAMP)) {
                int j = i + STAMP.length;
                boolean negative = j < len && b[j] == '-';
                if (negative) {
                    j++;
                }
                long v = 0;
                while (j < len && b[j] >= '0' && b[j] <= '9') {
                    v = v * 10 + (b[j] - '0');
                    j++;
                }
                long stamp = negative ? -v : v;
                delivered++;
                series.record(stamp, now - stamp);
                if (stamp >= warmupEnd && size < samples.length) {
                    samples[size++] = now - stamp;
                }
                // The next stamp is at least one frame header away (id/event lines, schema_version,
                // run_id, seq, kind, ts: > 120 bytes), and so is the end frame.
                i = j + MIN_SKIP - 1;
            } else if (matches(b, i, len, END)) {
                ended++;
                i += END.length - 1;
            }
        }
    }

    private static boolean matches(byte[] b, int at, int len, byte[] pattern) {
        if (at + pattern.length > len || b[at] != pattern[0]) {
            return false;
        }
        for (int k = 1; k < pattern.length; k++) {
            if (b[at + k] != pattern[k]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public long delivered() {
        return delivered;
    }

    @Override
    public int ended() {
        return ended;
    }

    /** The recorded latencies in nanoseconds, sorted. */
    @Override
    public long[] sortedSamples() {
        long[] out = Arrays.copyOf(samples, size);
        Arrays.sort(out);
        return out;
    }
}
