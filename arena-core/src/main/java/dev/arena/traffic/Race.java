package dev.arena.traffic;

import dev.arena.broker.BrokerException;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import dev.arena.sim.SimulatedLlm;
import dev.arena.sim.SyntheticArena;
import dev.arena.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load generator ({@code arena race}, the benchmarks, the demo): N synthetic runs published
 * concurrently at a target total rate for a duration, optionally requesting forks of them along
 * the way, then every run closed {@code run.complete} and the broker flushed.
 *
 * <p>A few scheduled lanes share the runs and the rate (no thread per run or per event). Each run
 * is a seeded {@link SyntheticArena} whose model answers at once: the rate, not simulated latency,
 * paces the race. {@link #run} blocks; {@link #stop} ends it early from any thread; interrupting
 * the running thread closes the runs {@code run.cancelled}. One race runs once.
 */
public final class Race {

    private static final Logger LOG = LoggerFactory.getLogger(Race.class);
    private static final long TICK_MS = 5;
    private static final long PROGRESS_MS = 250;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final EventBroker broker;
    private final Ticker ticker;
    private final RaceOptions options;
    private final ForkLauncher launcher;
    private final Consumer<RaceProgress> listener;
    private final RaceCounters counters = new RaceCounters();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicBoolean started = new AtomicBoolean();

    /**
     * @param ticker   paces the lanes and measures the race window
     * @param launcher used only when {@code options.forks() > 0}
     * @param listener receives progress about every 250 ms and once at the end; must not block
     */
    public Race(
            EventBroker broker,
            Ticker ticker,
            RaceOptions options,
            ForkLauncher launcher,
            Consumer<RaceProgress> listener) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.options = Objects.requireNonNull(options, "options");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Ends the race before its duration; {@link #run} then closes the runs {@code run.complete}. */
    public void stop() {
        stop.countDown();
    }

    /**
     * Races for the configured duration (or until {@link #stop}).
     *
     * @throws InterruptedException if interrupted; the runs are closed {@code run.cancelled} first
     * @throws dev.arena.broker.BrokerException if the runs cannot be opened
     */
    public RaceResult run() throws InterruptedException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a race runs once; create a new Race");
        }
        List<RaceLane.LaneRun> runs = openRuns();
        List<RaceLane> lanes = lanes(runs);
        ScheduledThreadPoolExecutor scheduler =
                new ScheduledThreadPoolExecutor(lanes.size() + 1, daemonThreads("arena-race"));
        ExecutorService forker = Executors.newSingleThreadExecutor(daemonThreads("arena-race-fork"));
        long startNanos = ticker.nanos();
        for (RaceLane lane : lanes) {
            lane.start(startNanos);
            scheduler.scheduleAtFixedRate(lane, 0, TICK_MS, TimeUnit.MILLISECONDS);
        }
        scheduler.scheduleAtFixedRate(
                () -> report(ticker.nanos() - startNanos), PROGRESS_MS, PROGRESS_MS, TimeUnit.MILLISECONDS);
        long durationNanos = options.duration().toNanos();
        List<ScheduledFuture<?>> forkSchedules = new ArrayList<>();
        for (int i = 0; i < options.forks(); i++) {
            int index = i;
            long at = durationNanos / (options.forks() + 1) * (i + 1);
            RunId parent = runs.get(i % runs.size()).id();
            forkSchedules.add(scheduler.schedule(
                    () -> forker.execute(() -> launchFork(parent, index)), at, TimeUnit.NANOSECONDS));
        }
        boolean interrupted = false;
        boolean stoppedEarly = false;
        try {
            stoppedEarly = stop.await(durationNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        long window = ticker.nanos() - startNanos;
        if (!interrupted) {
            interrupted = !handOverDueForks(forkSchedules);
        }
        halt(scheduler, "publish lanes");
        if (interrupted) {
            halt(forker, "fork requests");
        } else {
            finish(forker); // fork requests already in flight get their answer
        }
        closeRuns(runs, interrupted ? RunOutcome.CANCELLED : RunOutcome.COMPLETE);
        counters.reportStillFailing();
        Duration elapsed = Duration.ofNanos(window);
        report(window);
        if (interrupted) {
            throw new InterruptedException("race interrupted: its " + runs.size() + " runs were closed run.cancelled");
        }
        return new RaceResult(
                runs.size(),
                counters.events(),
                elapsed,
                counters.failures(),
                counters.forksStarted.get(),
                counters.forkFailures.get(),
                options.eventsPerSecond(),
                stoppedEarly);
    }

    private List<RaceLane.LaneRun> openRuns() throws InterruptedException {
        List<RaceLane.LaneRun> runs = new ArrayList<>();
        List<CompletableFuture<Long>> opened = new ArrayList<>();
        try {
            for (int i = 0; i < options.runs(); i++) {
                long seed = options.seed() + i * 0x9E3779B97F4A7C15L;
                RunId id = RunId.random();
                Map<String, Object> start = new LinkedHashMap<>();
                start.put("producer", "race");
                start.put("race_index", i);
                start.put("seed", seed);
                CompletableFuture<Long> open = broker.openRun(id, start);
                runs.add(new RaceLane.LaneRun(id, SyntheticArena.endless(seed, SimulatedLlm.instant(seed))));
                counters.track(id, open);
                opened.add(open);
            }
            await(
                    CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)),
                    "opening " + runs.size() + " runs");
        } catch (RuntimeException | InterruptedException e) {
            for (RaceLane.LaneRun run : runs) {
                try {
                    broker.closeRun(run.id(), RunOutcome.ERROR, Map.of("error", "race could not open all its runs"));
                } catch (RuntimeException alreadyGone) {
                    // never opened, or the broker is down: nothing more to do here
                }
            }
            throw e;
        }
        return runs;
    }

    private List<RaceLane> lanes(List<RaceLane.LaneRun> runs) {
        int count = Math.min(
                runs.size(), Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
        List<List<RaceLane.LaneRun>> shares = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < runs.size(); i++) {
            shares.get(i % count).add(runs.get(i));
        }
        List<RaceLane> lanes = new ArrayList<>();
        for (List<RaceLane.LaneRun> share : shares) {
            double rate = options.eventsPerSecond() * share.size() / runs.size();
            lanes.add(new RaceLane(share, rate, broker, counters, ticker));
        }
        return lanes;
    }

    private void launchFork(RunId parent, int index) {
        try {
            String started = launcher.fork(parent, index);
            counters.forksStarted.incrementAndGet();
            LOG.info("race fork {} of {}: {}", index + 1, parent, started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            counters.forkFailures.incrementAndGet();
            LOG.warn("race fork {} of {} failed: {}", index + 1, parent, e.getMessage());
        }
    }

    private void closeRuns(List<RaceLane.LaneRun> runs, RunOutcome outcome) {
        List<CompletableFuture<Long>> closed = new ArrayList<>();
        for (RaceLane.LaneRun run : runs) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("producer", "race");
            summary.put("events", run.arena().produced());
            try {
                CompletableFuture<Long> close = broker.closeRun(run.id(), outcome, summary);
                counters.track(run.id(), close);
                closed.add(close);
            } catch (RuntimeException e) {
                counters.failed(run.id(), e);
            }
        }
        try {
            await(CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new)), "closing the runs");
            broker.flush(WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("race runs not all confirmed closed: {}", e.getMessage());
        }
    }

    private void report(long elapsedNanos) {
        try {
            listener.accept(new RaceProgress(
                    Duration.ofNanos(elapsedNanos),
                    options.duration(),
                    options.runs(),
                    counters.events(),
                    counters.failures(),
                    counters.forksStarted.get(),
                    counters.forkFailures.get()));
        } catch (RuntimeException e) {
            LOG.warn("race progress listener failed: {}", e.toString());
        }
    }

    /**
     * Every fork request that fell due inside the race window reaches the fork executor, even when a
     * busy machine ran the scheduler late: the window is measured, the forks are promised. Requests
     * not yet due (a race stopped early) are cancelled.
     *
     * @return false if interrupted while waiting
     */
    private static boolean handOverDueForks(List<ScheduledFuture<?>> forkSchedules) {
        for (ScheduledFuture<?> schedule : forkSchedules) {
            if (schedule.getDelay(TimeUnit.NANOSECONDS) > 0) {
                schedule.cancel(false);
                continue;
            }
            try {
                schedule.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return false;
            } catch (ExecutionException | TimeoutException | CancellationException e) {
                LOG.error("race fork request was not handed over: {}", e.toString());
            }
        }
        return true;
    }

    private static void halt(ExecutorService executor, String what) {
        executor.shutdownNow();
        boolean interrupted = false;
        try {
            if (!executor.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                LOG.error("race {} did not stop within {}s", what, WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void finish(ExecutorService executor) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                LOG.error("race fork requests still pending after {}s; abandoning them", WAIT.toSeconds());
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CompletableFuture<?> future, String what) throws InterruptedException {
        try {
            future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new BrokerException(
                    "race: " + what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new BrokerException(
                    "race: " + what + " not confirmed within " + WAIT.toSeconds()
                            + "s: is the broker backend reachable?",
                    e);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
