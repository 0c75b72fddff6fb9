package dev.arena.fork;

import dev.arena.broker.BrokerException;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.broker.RunOutcome;
import dev.arena.broker.UnknownRunException;
import dev.arena.error.BackendUnavailableException;
import dev.arena.error.InputException;
import dev.arena.time.Ticker;
import dev.arena.wire.ForkTaskView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs fork tasks ({@code POST /forks}, docs/api.md): each opens a child run — {@code run.start} with
 * {@code parent_run_id}/{@code at_seq}, then {@code fork.start} — before {@link #start} returns, so
 * the child is visible at once; a bounded pool of daemon workers then replays the parent's events
 * 2..at_seq into it and continues it with simulated work. The registry answers
 * {@code /debug/forks} (stuck first, with each worker's stack), cancels tasks, and shuts down
 * bounded and loud. Thread-safe.
 */
public final class ForkService {

    private static final Logger LOG = LoggerFactory.getLogger(ForkService.class);
    private static final int DEFAULT_WORKERS = 4;
    private static final int MAX_RUNNING = 1_000;
    private static final int KEEP_ENDED = 200;
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(2);

    private final EventBroker broker;
    private final Clock clock;
    private final Ticker ticker;
    private final Duration stuckAfter;
    private final boolean allowFaultInjection;
    private final double llmLatencyScale;
    private final ThreadPoolExecutor pool;
    /** Samples every running task's stack, so stuck (parked) and slow (moving) can be told apart. */
    private final ScheduledExecutorService sampler;

    private final Map<String, ForkTask> tasks = new ConcurrentHashMap<>();
    private final AtomicLong created = new AtomicLong();
    private volatile boolean shutDown;

    /** A service with 4 workers whose simulated LLM calls take their full, realistic latency. */
    public ForkService(
            EventBroker broker, Clock clock, Ticker ticker, Duration stuckAfter, boolean allowFaultInjection) {
        this(broker, clock, ticker, stuckAfter, allowFaultInjection, 1.0, DEFAULT_WORKERS);
    }

    /**
     * @param clock           wall time of task stages and events
     * @param ticker          bounds the shutdown wait
     * @param llmLatencyScale share of each simulated LLM latency really waited (0 for tests)
     * @param workers         worker threads; further tasks queue (stage {@code queued})
     */
    public ForkService(
            EventBroker broker,
            Clock clock,
            Ticker ticker,
            Duration stuckAfter,
            boolean allowFaultInjection,
            double llmLatencyScale,
            int workers) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        if (stuckAfter.isNegative() || stuckAfter.isZero()) {
            throw new IllegalArgumentException("fork stuck-after must be positive, got " + stuckAfter);
        }
        if (workers < 1 || !(llmLatencyScale >= 0)) {
            throw new IllegalArgumentException(
                    "workers must be >= 1 and the latency scale >= 0, got " + workers + " and " + llmLatencyScale);
        }
        this.stuckAfter = stuckAfter;
        this.allowFaultInjection = allowFaultInjection;
        this.llmLatencyScale = llmLatencyScale;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "arena-fork-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "arena-fork-sampler");
            t.setDaemon(true);
            return t;
        });
        long every = LivenessRule.sampleEvery(stuckAfter).toMillis();
        sampler.scheduleAtFixedRate(this::sampleStacks, every, every, TimeUnit.MILLISECONDS);
    }

    private void sampleStacks() {
        try {
            Instant now = clock.instant();
            for (ForkTask task : tasks.values()) {
                task.sample(now);
            }
        } catch (RuntimeException e) {
            LOG.warn("fork stack sampling failed; stuck/slow may lag until the next sample: {}", e.toString());
        }
    }

    /**
     * Starts a fork: validates it against the parent, opens the child run (run.start + fork.start)
     * and queues the replay.
     *
     * @throws InputException           a scenario without fault injection allowed, an at_seq past
     *                                  the parent's last event, a parent whose early events were
     *                                  trimmed, or too many running forks
     * @throws UnknownRunException      the broker holds no such parent run
     * @throws BackendUnavailableException after {@link #shutdown} (the server is stopping), or the
     *                                  broker did not confirm the child run in time
     * @throws BrokerException          the child run could not be opened
     */
    public ForkTaskView start(ForkRequest request) {
        Objects.requireNonNull(request, "request");
        if (shutDown) {
            throw stopping(null);
        }
        if (request.scenario() != null && !allowFaultInjection) {
            throw new InputException("scenario (fault injection) is disabled on this server: "
                    + "start the server with --allow-fault-injection to use stall_at_seq / fail_at_seq");
        }
        RunId parentId = request.parentRunId();
        RunInfo parent = broker.run(parentId).orElseThrow(() -> new UnknownRunException(parentId));
        long atSeq = atSeq(request, parent);
        if (running() >= MAX_RUNNING) {
            throw new InputException("too many fork tasks running (" + MAX_RUNNING
                    + "): cancel stuck ones (arena diag forks --stuck) or wait for some to finish");
        }
        RunId child = RunId.random();
        while (tasks.containsKey(nameOf(child))) {
            child = RunId.random();
        }
        openChild(child, parentId, atSeq, request.scenario());
        String name = nameOf(child);
        UUID parentBits = UUID.fromString(parentId.value());
        long seed = parentBits.getMostSignificantBits()
                ^ parentBits.getLeastSignificantBits()
                ^ (atSeq * 0x9E3779B97F4A7C15L);
        ForkTask task = new ForkTask(
                name,
                created.incrementAndGet(),
                parentId,
                child,
                atSeq,
                request.scenario(),
                seed,
                2,
                broker,
                clock,
                llmLatencyScale,
                this::pruneEnded);
        tasks.put(name, task);
        LOG.info(
                "fork {} started: parent {} at seq {}, child {}{}",
                name,
                parentId,
                atSeq,
                child,
                request.scenario() == null
                        ? ""
                        : ", scenario " + request.scenario().toJson());
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            task.cancel("fork service shut down before the task started");
            throw stopping(e);
        }
        return task.view(clock.instant(), stuckAfter);
    }

    /** The refusal after {@link #shutdown}: the server is stopping, so the caller should retry elsewhere or later. */
    private static BackendUnavailableException stopping(Throwable cause) {
        return new BackendUnavailableException(
                "the fork service",
                "the fork service is shut down: the server is stopping; start the fork on another server or after the restart",
                cause);
    }

    private static long atSeq(ForkRequest request, RunInfo parent) {
        // A parent that ended holds its terminal event last; a fork never replays that.
        long latest = parent.isOpen() ? parent.lastSeq() : parent.lastSeq() - 1;
        long atSeq = request.atSeq() == null ? Math.max(1, latest) : request.atSeq();
        if (atSeq > latest && atSeq > 1) {
            throw new InputException("at_seq " + atSeq + " is past the parent's last "
                    + (parent.isOpen() ? "" : "non-terminal ") + "seq " + latest + " (run " + parent.runId() + ")");
        }
        if (atSeq >= 2 && parent.headSeq() > 2) {
            throw new InputException("the parent's events from seq 2 are no longer retained (oldest is "
                    + parent.headSeq() + "): a fork replays seq 2.." + atSeq + " and cannot start");
        }
        return atSeq;
    }

    private void openChild(RunId child, RunId parent, long atSeq, FaultScenario scenario) {
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("parent_run_id", parent.value());
        start.put("at_seq", atSeq);
        await(broker.openRun(child, start), child);
        Map<String, Object> fork = new LinkedHashMap<>(start);
        if (scenario != null) {
            fork.put("scenario", scenario.toJson());
        }
        try {
            await(broker.publish(child, Event.of("fork.start", fork)), child);
        } catch (RuntimeException e) {
            try {
                broker.closeRun(child, RunOutcome.ERROR, Map.of("error", "fork.start failed: " + e.getMessage()));
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static void await(CompletableFuture<Long> future, RunId child) {
        ForkTask.CONFIRMATIONS.await("opening fork child run " + child, future);
    }

    private static String nameOf(RunId child) {
        return "fork-" + child.prefix();
    }

    /** Every task the registry holds (running, and the latest 200 ended), stuck first, then newest. */
    public List<ForkTaskView> tasks() {
        Instant now = clock.instant();
        record Entry(ForkTaskView view, long order) {}
        List<Entry> entries = new ArrayList<>();
        for (ForkTask task : tasks.values()) {
            entries.add(new Entry(task.view(now, stuckAfter), task.order()));
        }
        entries.sort(Comparator.comparing((Entry e) -> !e.view().stuck())
                .thenComparing(e -> e.view().startedAt(), Comparator.reverseOrder())
                .thenComparing(Entry::order, Comparator.reverseOrder()));
        return entries.stream().map(Entry::view).toList();
    }

    /**
     * The running tasks, without stacks and without taking a stack sample (so a caller polling it on a
     * heartbeat, the fork leases, neither costs a stack walk per task nor skews stuck/slow judgement).
     */
    public List<ForkTaskView> runningBrief() {
        return tasks.values().stream()
                .filter(ForkTask::isRunning)
                .map(ForkTask::brief)
                .toList();
    }

    /** One task by name. */
    public Optional<ForkTaskView> task(String name) {
        ForkTask task = tasks.get(name);
        return task == null ? Optional.empty() : Optional.of(task.view(clock.instant(), stuckAfter));
    }

    /**
     * Cancels a task: its worker is interrupted and its child run closed {@code run.cancelled}.
     * Waits up to 2 s for it to end so the returned view usually says {@code cancelled}; a task
     * that had already ended is returned unchanged.
     *
     * @return the task's view, or empty when no task has that name
     */
    public Optional<ForkTaskView> cancel(String name) {
        ForkTask task = tasks.get(name);
        if (task == null) {
            return Optional.empty();
        }
        if (task.cancel("cancelled by operator")) {
            LOG.warn("fork {} cancelled by operator", name);
            try {
                if (!task.awaitEnd(CANCEL_WAIT)) {
                    LOG.warn(
                            "fork {} did not stop within {} ms of its cancel; it is still interrupted",
                            name,
                            CANCEL_WAIT.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Optional.of(task.view(clock.instant(), stuckAfter));
    }

    /** The running task whose child run is {@code child}, if any. */
    public Optional<ForkTaskView> runningFor(RunId child) {
        return runningTask(child).map(t -> t.view(clock.instant(), stuckAfter));
    }

    /**
     * Ends the running task that produces {@code child} because the child is being reaped: the
     * worker is interrupted and the task ends {@code cancelled}, but it leaves the child run to the
     * caller (the reap closes it {@code run.reaped}), so the child is closed exactly once. Waits up
     * to 2 s like {@link #cancel}. Afterwards no task stays running for a run that is gone.
     *
     * @return the task's view after the cancel, or empty when no running task produces {@code child}
     */
    public Optional<ForkTaskView> releaseChild(RunId child, String reason) {
        Optional<ForkTask> task = runningTask(child);
        if (task.isEmpty()) {
            return Optional.empty();
        }
        ForkTask t = task.get();
        if (t.cancelLeavingChild(reason)) {
            LOG.warn("fork {} cancelled: {}", t.name(), reason);
            try {
                if (!t.awaitEnd(CANCEL_WAIT)) {
                    LOG.warn(
                            "fork {} did not stop within {} ms of its cancel; it is still interrupted",
                            t.name(),
                            CANCEL_WAIT.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Optional.of(t.view(clock.instant(), stuckAfter));
    }

    private Optional<ForkTask> runningTask(RunId child) {
        return tasks.values().stream()
                .filter(t -> t.isRunning() && t.child().equals(child))
                .findFirst();
    }

    /** Tasks that have not ended (queued or working). */
    public long running() {
        return tasks.values().stream().filter(ForkTask::isRunning).count();
    }

    /** Running tasks that are stuck: idle past the stuck-after with the same stack across samples ({@link LivenessRule}). */
    public long stuck() {
        Instant now = clock.instant();
        return tasks.values().stream().filter(t -> t.isStuck(now, stuckAfter)).count();
    }

    /**
     * Stops everything (the server's shutdown, docs/design.md "Server"): refuses new forks, cancels every running task, waits up to
     * {@code timeout} for them to close their child runs, and closes the children of any task whose
     * worker overran as {@code run.cancelled} from this thread, logging each overrun at ERROR.
     * Idempotent.
     */
    public void shutdown(Duration timeout) {
        shutDown = true;
        sampler.shutdownNow();
        long deadline = ticker.nanos() + timeout.toNanos();
        List<ForkTask> live =
                tasks.values().stream().filter(ForkTask::isRunning).toList();
        if (!live.isEmpty()) {
            LOG.info("cancelling {} fork task(s) for shutdown", live.size());
        }
        live.forEach(task -> task.cancel("server shutdown"));
        for (Runnable neverStarted : pool.shutdownNow()) {
            if (neverStarted instanceof ForkTask task) {
                task.cancel("server shutdown");
            }
        }
        live = tasks.values().stream().filter(ForkTask::isRunning).toList();
        boolean interrupted = false;
        for (ForkTask task : live) {
            try {
                task.awaitEnd(Duration.ofNanos(deadline - ticker.nanos()));
            } catch (InterruptedException e) {
                interrupted = true;
                break;
            }
        }
        Instant now = clock.instant();
        for (ForkTask task : live) {
            if (task.isRunning()) {
                ForkTaskView view = task.view(now, stuckAfter);
                LOG.error(
                        "fork shutdown overran {} ms: task {} (stage {}, child {}) did not stop; closing its child "
                                + "run as cancelled anyway. Top frames: {}",
                        timeout.toMillis(),
                        view.name(),
                        view.stage(),
                        view.childRunId(),
                        topFrames(view.stack()));
                task.abandon("server shutdown: the worker did not stop within " + timeout.toMillis() + " ms");
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The top three frames and, when deeper, the first of Arena's own: where it is stuck and in what. */
    private static List<String> topFrames(List<String> stack) {
        List<String> top = new ArrayList<>(stack.subList(0, Math.min(3, stack.size())));
        stack.stream()
                .skip(3)
                .filter(f -> f.startsWith("dev.arena."))
                .findFirst()
                .ifPresent(f -> {
                    top.add("...");
                    top.add(f);
                });
        return top;
    }

    /** Keeps the registry bounded: the newest {@value #KEEP_ENDED} ended tasks stay listed. */
    private void pruneEnded() {
        List<ForkTask> ended = tasks.values().stream()
                .filter(t -> !t.isRunning())
                .sorted(Comparator.comparing(ForkTask::order))
                .toList();
        for (int i = 0; i < ended.size() - KEEP_ENDED; i++) {
            tasks.remove(ended.get(i).name(), ended.get(i));
        }
    }
}
