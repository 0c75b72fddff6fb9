package dev.arena.app.demo;

import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.fork.FaultScenario;
import dev.arena.fork.ForkRequest;
import dev.arena.fork.ForkService;
import dev.arena.time.Ticker;
import dev.arena.traffic.Race;
import dev.arena.traffic.RaceOptions;
import dev.arena.wire.ForkTaskView;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's synthetic traffic: races in back-to-back waves (a few runs at a modest rate) with
 * forks requested along the way through the in-process fork service; exactly one fork of the
 * whole demo is told to stall ({@code stall_at_seq}) so the console soon shows a stuck fork.
 * {@link #close()} stops the current wave (its runs close normally) and waits for it, bounded.
 */
public final class DemoTraffic implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoTraffic.class);

    /** What a wave looks like. */
    public record Shape(int runs, double eventsPerSecond, Duration wave, int forksPerWave) {}

    /** Six runs at 40 events/s in waves of 60 s, three forks per wave (at 15, 30 and 45 s). */
    public static final Shape DEFAULT_SHAPE = new Shape(6, 40, Duration.ofSeconds(60), 3);

    private final EventBroker broker;
    private final ForkService forks;
    private final Shape shape;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean stalled = new AtomicBoolean();
    private final AtomicInteger waves = new AtomicInteger();
    private final Thread thread;
    private volatile Race current;

    public DemoTraffic(EventBroker broker, ForkService forks, Shape shape) {
        this.broker = broker;
        this.forks = forks;
        this.shape = shape;
        this.thread = new Thread(this::loop, "arena-demo-traffic");
        thread.setDaemon(true);
    }

    public DemoTraffic start() {
        thread.start();
        return this;
    }

    /** Waves started so far. */
    public int waves() {
        return waves.get();
    }

    private void loop() {
        long seed = ThreadLocalRandom.current().nextLong(); // a different demo each start
        while (!stopping.get()) {
            int wave = waves.incrementAndGet();
            Race race = new Race(
                    broker,
                    Ticker.system(),
                    new RaceOptions(
                            shape.runs(), shape.eventsPerSecond(), shape.wave(), shape.forksPerWave(), seed + wave),
                    this::fork,
                    p -> {});
            current = race;
            if (stopping.get()) {
                break;
            }
            try {
                race.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("demo traffic wave {} failed: {}", wave, e.getMessage());
                sleepQuietly(Duration.ofSeconds(2));
            }
        }
    }

    /** Forks {@code parent}; the first fork with index 1 in the whole demo stalls a few events in. */
    private String fork(RunId parent, int index) {
        FaultScenario scenario = null;
        if (index == 1 && stalled.compareAndSet(false, true)) {
            long last = broker.run(parent).map(RunInfo::lastSeq).orElse(0L);
            scenario = FaultScenario.stallAt(last + 4);
        }
        ForkTaskView task = forks.start(new ForkRequest(parent, null, scenario));
        LOG.info("demo fork {} -> child {}{}", task.name(), task.childRunId(), scenario == null ? "" : " (will stall)");
        return task.childRunId();
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the traffic: the running wave closes its runs; waits up to 10 s for that. */
    @Override
    public void close() {
        stopping.set(true);
        Race r = current;
        if (r != null) {
            r.stop();
        }
        try {
            thread.join(10_000);
            if (thread.isAlive()) {
                LOG.warn("demo traffic did not stop within 10s; interrupting it");
                thread.interrupt();
                thread.join(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
