package dev.arena.time;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A ticker tests move by hand: {@link #advance} moves it, and {@link #sleep} returns at once after
 * moving it by the requested duration, so code that waits runs instantly and deterministically.
 * Records every sleep for assertions. Thread-safe.
 */
public final class ManualTicker implements Ticker {

    private final AtomicLong nanos = new AtomicLong();
    private final List<Duration> sleeps = new ArrayList<>();

    @Override
    public long nanos() {
        return nanos.get();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before sleeping " + duration);
        }
        synchronized (sleeps) {
            sleeps.add(duration);
        }
        if (!duration.isNegative()) {
            nanos.addAndGet(duration.toNanos());
        }
    }

    /** Moves time forward by {@code duration}. */
    public void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    /** Every duration passed to {@link #sleep} so far, in order. */
    public List<Duration> sleeps() {
        synchronized (sleeps) {
            return List.copyOf(sleeps);
        }
    }
}
