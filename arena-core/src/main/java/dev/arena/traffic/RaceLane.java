package dev.arena.traffic;

import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.sim.SyntheticArena;
import dev.arena.time.Ticker;
import java.util.List;

/**
 * A share of a race's runs published by one periodic task at a share of the rate. Each tick
 * publishes however many events the elapsed time calls for (round-robin over its runs), so the
 * rate holds without a thread, or a timer, per event. Runs only on its own scheduled task, so a
 * run's events are published by one thread in order.
 */
final class RaceLane implements Runnable {

    /** One racing run and the arena producing its events. */
    record LaneRun(RunId id, SyntheticArena arena) {}

    private final List<LaneRun> runs;
    private final double rate;
    private final long maxBurst;
    private final EventBroker broker;
    private final RaceCounters counters;
    private final Ticker ticker;
    private long startNanos;
    private long emitted;
    private int next;

    RaceLane(List<LaneRun> runs, double rate, EventBroker broker, RaceCounters counters, Ticker ticker) {
        this.runs = List.copyOf(runs);
        this.rate = rate;
        // Catch up at most a quarter of a second's worth per tick after a pause (e.g. GC).
        this.maxBurst = Math.max(1, (long) (rate / 4));
        this.broker = broker;
        this.counters = counters;
        this.ticker = ticker;
    }

    void start(long nanos) {
        this.startNanos = nanos;
    }

    @Override
    public void run() {
        long due = Math.min(maxBurst, (long) (rate * (ticker.nanos() - startNanos) / 1e9) - emitted);
        try {
            for (long i = 0; i < due && !Thread.currentThread().isInterrupted(); i++) {
                LaneRun run = runs.get(next);
                next = (next + 1) % runs.size();
                emitted++;
                try {
                    counters.track(
                            run.id(), broker.publish(run.id(), run.arena().next()));
                } catch (RuntimeException e) {
                    counters.failed(run.id(), e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
