package dev.arena.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Delivery latency by second of publishing, warm-up included: tells readers that fell behind at the start (and did
 * not recover) from readers that fell behind later. Keeps about one sample in 64 (chosen by the stamp's low bits, no
 * shared counter on the readers' path), so it costs the readers nothing measurable.
 */
final class LagSeries {

    private final long origin;
    private final List<long[]> samples = new ArrayList<>();

    /** @param origin the nanoTime seconds are counted from (negative before it) */
    LagSeries(long origin) {
        this.origin = origin;
    }

    void record(long stamp, long latencyNanos) {
        if ((stamp & 63) != 0) {
            return;
        }
        synchronized (this) {
            samples.add(new long[] {stamp, latencyNanos});
        }
    }

    /** {@code lag p50 by second [from -3]: 1.2 0.9 … ms} for seconds {@code from} up to the last one seen. */
    synchronized String describe(int from) {
        int to = from;
        for (long[] s : samples) {
            to = Math.max(to, second(s[0]));
        }
        StringBuilder sb =
                new StringBuilder(String.format(Locale.ROOT, "lag p50 by second of publishing [from %d s]:", from));
        for (int sec = from; sec <= to; sec++) {
            long[] lat = bucket(sec);
            if (lat.length == 0) {
                sb.append(" -");
                continue;
            }
            Arrays.sort(lat);
            double ms = lat[lat.length / 2] / 1e6;
            sb.append(String.format(Locale.ROOT, ms < 10 ? " %.1f" : " %.0f", ms));
        }
        return sb.append(" ms").toString();
    }

    private long[] bucket(int sec) {
        return samples.stream()
                .filter(s -> second(s[0]) == sec)
                .mapToLong(s -> s[1])
                .toArray();
    }

    private int second(long stamp) {
        return (int) Math.floorDiv(stamp - origin, 1_000_000_000L);
    }
}
