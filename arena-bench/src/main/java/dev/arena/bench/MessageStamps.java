package dev.arena.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The WebSocket counterpart of {@link StampScanner}: each call is one whole message (an envelope
 * or a control frame), read in place without building strings; records now − the
 * {@code "t":<nanoTime>} stamp of each envelope and counts {@code end} frames. Calls for different
 * readers may come from different threads at once (one reader's never overlap), so each reader
 * keeps its own samples.
 */
final class MessageStamps implements BenchReaders.Stamps {

    private static final byte[] STAMP = "\"t\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "{\"type\":\"end\"".getBytes(StandardCharsets.US_ASCII);

    private final long[][] samples;
    private final int[] sizes;
    private final long warmupEnd;
    private final LagSeries series;
    private final LongAdder delivered = new LongAdder();
    private final AtomicInteger ended = new AtomicInteger();

    /** @param perReader the most samples kept per reader */
    MessageStamps(int readers, int perReader, long warmupEnd, LagSeries series) {
        this.series = series;
        this.samples = new long[readers][perReader];
        this.sizes = new int[readers];
        this.warmupEnd = warmupEnd;
    }

    @Override
    public void read(int index, ByteBuffer data, long now) {
        int start = data.position();
        int len = data.limit();
        if (startsWith(data, start, len, END)) {
            ended.incrementAndGet();
            return;
        }
        for (int i = start; i + STAMP.length <= len; i++) {
            if (startsWith(data, i, len, STAMP)) {
                int j = i + STAMP.length;
                boolean negative = data.get(j) == '-';
                if (negative) {
                    j++;
                }
                long v = 0;
                while (j < len && data.get(j) >= '0' && data.get(j) <= '9') {
                    v = v * 10 + (data.get(j) - '0');
                    j++;
                }
                long stamp = negative ? -v : v;
                delivered.increment();
                series.record(stamp, now - stamp);
                if (stamp >= warmupEnd && sizes[index] < samples[index].length) {
                    samples[index][sizes[index]++] = now - stamp;
                }
                return;
            }
        }
    }

    private static boolean startsWith(ByteBuffer b, int at, int len, byte[] pattern) {
        if (at + pattern.length > len) {
            return false;
        }
        for (int k = 0; k < pattern.length; k++) {
            if (b.get(at + k) != pattern[k]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public long delivered() {
        return delivered.sum();
    }

    @Override
    public int ended() {
        return ended.get();
    }

    /** Every reader's recorded latencies in nanoseconds, sorted (read once the readers are quiet). */
    @Override
    public long[] sortedSamples() {
        int total = 0;
        for (int s : sizes) {
            total += s;
        }
        long[] out = new long[total];
        int at = 0;
        for (int r = 0; r < samples.length; r++) {
            System.arraycopy(samples[r], 0, out, at, sizes[r]);
            at += sizes[r];
        }
        Arrays.sort(out);
        return out;
    }
}
