package dev.arena.tui.state;

import dev.arena.tui.source.MetricsSample;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Keeps the recent metric samples and turns counters into per-second rates and series for
 * sparklines. A counter that goes backwards (server restarted) counts as a fresh start, never as
 * a negative rate. Not thread-safe: confined to the GUI thread.
 */
public final class RateTracker {

    private final int capacity;
    private final Deque<MetricsSample> samples = new ArrayDeque<>();

    RateTracker(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be at least 2, got " + capacity);
        }
        this.capacity = capacity;
    }

    void add(MetricsSample sample) {
        MetricsSample last = samples.peekLast();
        if (last != null && !sample.at().isAfter(last.at())) {
            return;
        }
        samples.addLast(sample);
        while (samples.size() > capacity) {
            samples.removeFirst();
        }
    }

    /** The newest sample, or null. */
    public MetricsSample latest() {
        return samples.peekLast();
    }

    /** Per-second rate of {@code counter} between the two newest samples; NaN until there are two. */
    public double rate(String counter) {
        if (samples.size() < 2) {
            return Double.NaN;
        }
        Iterator<MetricsSample> it = samples.descendingIterator();
        MetricsSample b = it.next();
        MetricsSample a = it.next();
        return rateBetween(a, b, counter);
    }

    /** The per-interval rates of {@code counter}, oldest first (one fewer than the samples). */
    public double[] rateSeries(String counter) {
        double[] out = new double[Math.max(0, samples.size() - 1)];
        MetricsSample prev = null;
        int i = 0;
        for (MetricsSample s : samples) {
            if (prev != null) {
                double r = rateBetween(prev, s, counter);
                out[i++] = Double.isNaN(r) ? 0 : r;
            }
            prev = s;
        }
        return out;
    }

    /** The raw values of a gauge such as {@code runs_open}, oldest first (unknown as 0). */
    public double[] valueSeries(String gauge) {
        double[] out = new double[samples.size()];
        int i = 0;
        for (MetricsSample s : samples) {
            out[i++] = Math.max(0, s.get(gauge));
        }
        return out;
    }

    private static double rateBetween(MetricsSample a, MetricsSample b, String counter) {
        long va = a.get(counter);
        long vb = b.get(counter);
        if (va < 0 || vb < 0) {
            return Double.NaN;
        }
        double seconds = Duration.between(a.at(), b.at()).toNanos() / 1e9;
        if (seconds <= 0) {
            return Double.NaN;
        }
        long delta = vb >= va ? vb - va : vb;
        return delta / seconds;
    }
}
