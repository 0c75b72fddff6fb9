package dev.arena.fork;

import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import dev.arena.error.ArenaException;
import dev.arena.error.BackendUnavailableException;
import dev.arena.error.Fault;
import dev.arena.reply.BoundedReplies;
import dev.arena.sim.SimulatedLlm;
import dev.arena.sim.SyntheticArena;
import dev.arena.time.Ticker;
import dev.arena.wire.ForkLiveness;
import dev.arena.wire.ForkState;
import dev.arena.wire.ForkTaskView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fork task: replays the parent's events 2..atSeq into the already opened child run, continues
 * it with a seeded synthetic arena, then closes it {@code run.complete}. Every exit closes the
 * child exactly once: {@code run.error} on failure, {@code run.cancelled} on cancel or an
 * overrunning shutdown. Progress (each publish, each stage) is stamped with the injected clock so
 * "stuck" is decided without sleeping. Thread-safe: the worker writes, anyone may read a view.
 */
final class ForkTask implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ForkTask.class);
    static final Duration BROKER_WAIT = Duration.ofSeconds(30);
    /** Waits for the broker's confirmation of a publish, at most {@link #BROKER_WAIT}. */
    static final BoundedReplies CONFIRMATIONS = new BoundedReplies("the broker", BROKER_WAIT, Ticker.system());

    private static final int PAGE = 500;
    /** Continuation publishes are confirmed every this many, so a broker failure surfaces promptly. */
    private static final int PAGE_CONFIRM = 20;

    private static final int MAX_FRAMES = 64;
    private static final double LLM_ERROR_RATE = 0.05;

    /** Where the task is; a failed or cancelled task keeps the stage it ended in. */
    enum Stage {
        QUEUED("queued"),
        LOADING_PARENT("loading-parent"),
        REPLAYING("replaying"),
        CONTINUING("continuing"),
        PERSISTING("persisting"),
        DONE("done");

        final String wire;

        Stage(String wire) {
            this.wire = wire;
        }
    }

    /** The failure {@code fail_at_seq} injects: stands for Arena failing, so {@link Fault#INTERNAL}. */
    static final class InjectedFault extends ArenaException {
        InjectedFault(String message) {
            super(Fault.INTERNAL, message);
        }
    }

    private final String name;
    private final long order;
    private final RunId parent;
    private final RunId child;
    private final long atSeq;
    private final FaultScenario scenario;
    private final long seed;
    private final EventBroker broker;
    private final Clock clock;
    private final double latencyScale;
    private final Instant startedAt;
    private final Runnable onEnd;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean ending = new AtomicBoolean();
    private final AtomicBoolean childClosed = new AtomicBoolean();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile ForkState state = ForkState.RUNNING;
    private volatile Stage stage = Stage.QUEUED;
    private volatile Instant lastProgressAt;
    private volatile long eventsReplayed;
    private volatile long childSeq;
    private volatile String error;
    private volatile Thread worker;
    private volatile boolean cancelRequested;
    private volatile String cancelReason = "cancelled";
    /** Counts progress (publishes, stage changes): stack samples from before the latest progress never count. */
    private volatile long progressMark;

    private final StackSamples samples = new StackSamples();

    /**
     * @param order    creation order within the service (higher is newer)
     * @param childSeq the child's last seq when the task is handed over (run.start + fork.start = 2)
     * @param onEnd    called once when the task has ended, on whichever thread ended it
     */
    ForkTask(
            String name,
            long order,
            RunId parent,
            RunId child,
            long atSeq,
            FaultScenario scenario,
            long seed,
            long childSeq,
            EventBroker broker,
            Clock clock,
            double latencyScale,
            Runnable onEnd) {
        this.name = name;
        this.order = order;
        this.parent = parent;
        this.child = child;
        this.atSeq = atSeq;
        this.scenario = scenario;
        this.seed = seed;
        this.childSeq = childSeq;
        this.broker = broker;
        this.clock = clock;
        this.latencyScale = latencyScale;
        this.onEnd = onEnd;
        this.startedAt = clock.instant();
        this.lastProgressAt = startedAt;
    }

    String name() {
        return name;
    }

    /** Creation order within the service: higher is newer. */
    long order() {
        return order;
    }

    boolean isRunning() {
        return state == ForkState.RUNNING;
    }

    /** The child run this task produces. */
    RunId child() {
        return child;
    }

    @Override
    public void run() {
        if (!started.compareAndSet(false, true)) {
            return; // cancelled while queued; already closed by the canceller
        }
        Thread current = Thread.currentThread();
        String threadName = current.getName();
        current.setName(threadName + " [" + name + "]");
        worker = current;
        try {
            if (cancelRequested) {
                throw new InterruptedException("cancelled before it started");
            }
            work();
            finish(ForkState.DONE, null, null, null);
        } catch (InterruptedException e) {
            cancelled();
        } catch (Exception | Error e) {
            if (cancelRequested) {
                cancelled();
            } else {
                if (e instanceof InjectedFault) {
                    LOG.warn("fork task {} failed as injected: {}", name, e.getMessage());
                } else {
                    LOG.warn(
                            "fork task {} failed in stage {} (child run {}, parent {})",
                            name,
                            stage.wire,
                            child,
                            parent,
                            e);
                }
                failed(e);
            }
            if (e instanceof Error err) {
                throw err;
            }
        } finally {
            worker = null;
            Thread.interrupted(); // a cancel must not leak into the pool thread's next task
            current.setName(threadName);
        }
    }

    private void work() throws InterruptedException {
        stage(Stage.LOADING_PARENT);
        long next = 2;
        CompletableFuture<Long> last = null;
        while (next <= atSeq) {
            List<Envelope> page = broker.read(parent, next, (int) Math.min(PAGE, atSeq - next + 1));
            if (page.isEmpty()) {
                throw new IllegalStateException("parent run " + parent + " has no event at seq " + next
                        + " any more (dropped, reaped or expired while forking)");
            }
            stage(Stage.REPLAYING);
            for (Envelope envelope : page) {
                if (envelope.seq() != next) {
                    throw new IllegalStateException("parent run " + parent + " jumped from seq " + next + " to "
                            + envelope.seq() + " (trimmed while forking)");
                }
                if (envelope.isTerminal()) {
                    throw new IllegalStateException("parent run " + parent + " has its terminal event at seq " + next
                            + ", inside the replay range up to " + atSeq);
                }
                last = publish(envelope.toEvent());
                eventsReplayed++;
                next++;
            }
            confirm(last);
        }
        stage(Stage.CONTINUING);
        Long stallAt = scenario == null ? null : scenario.stallAtSeq();
        SimulatedLlm llm =
                new SimulatedLlm(seed, latencyScale, LLM_ERROR_RATE, () -> stallAt != null && childSeq >= stallAt);
        SyntheticArena arena = SyntheticArena.smoke(seed, llm);
        CompletableFuture<Long> continued = null;
        while (arena.hasNext()) {
            continued = publish(arena.next());
            if (arena.produced() % PAGE_CONFIRM == 0) {
                confirm(continued);
            }
        }
        confirm(continued);
        stage(Stage.PERSISTING);
        if (!childClosed.compareAndSet(false, true)) {
            throw new IllegalStateException("child run " + child + " was closed by someone else");
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("parent_run_id", parent.value());
        summary.put("at_seq", atSeq);
        summary.put("events_replayed", eventsReplayed);
        summary.put("events_continued", arena.produced());
        confirm(broker.closeRun(child, RunOutcome.COMPLETE, summary));
        broker.flush(BROKER_WAIT);
        stage(Stage.DONE);
    }

    private CompletableFuture<Long> publish(Event event) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("fork task " + name + " cancelled");
        }
        CompletableFuture<Long> seq = broker.publish(child, event);
        long published = ++childSeq;
        lastProgressAt = clock.instant();
        progressMark++;
        Long failAt = scenario == null ? null : scenario.failAtSeq();
        if (failAt != null && published >= failAt) {
            throw new InjectedFault(
                    "injected failure at child seq " + published + " (scenario fail_at_seq=" + failAt + ")");
        }
        return seq;
    }

    private static void confirm(CompletableFuture<Long> publish) throws InterruptedException {
        if (publish == null) {
            return;
        }
        try {
            CONFIRMATIONS.await("publish confirmation", publish);
        } catch (BackendUnavailableException e) {
            if (e.getCause() instanceof InterruptedException cancelled) {
                Thread.interrupted(); // this task was cancelled while waiting: end as cancelled, not failed
                throw cancelled;
            }
            throw e;
        }
    }

    private void stage(Stage next) {
        stage = next;
        lastProgressAt = clock.instant();
        progressMark++;
    }

    /**
     * Asks the task to stop: a queued task ends here and now, a running one is interrupted and
     * closes its child run itself.
     *
     * @return false if it had already ended
     */
    boolean cancel(String reason) {
        if (!isRunning()) {
            return false;
        }
        cancelReason = reason;
        cancelRequested = true;
        if (started.compareAndSet(false, true)) {
            cancelled();
            return true;
        }
        Thread w = worker;
        if (w != null) {
            w.interrupt();
        }
        return true;
    }

    /**
     * {@link #cancel}, except that the task will not close its child run: whoever calls this closes
     * it (a reap of the child), so the child gets exactly one terminal event.
     *
     * @return false if it had already ended
     */
    boolean cancelLeavingChild(String reason) {
        if (!isRunning()) {
            return false;
        }
        cancelReason = reason;
        cancelRequested = true; // before the child counts as closed, so the worker reads its end as a cancel
        childClosed.set(true);
        return cancel(reason);
    }

    /** Waits until the task has ended; true if it did within {@code timeout}. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }

    /** Ends a task whose worker did not stop in time: marks it cancelled and closes the child from here. */
    void abandon(String reason) {
        cancelReason = reason;
        cancelled();
    }

    private void cancelled() {
        Thread.interrupted(); // closing the child must not trip over the cancel's interrupt
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("reason", cancelReason);
        payload.put("stage", stage.wire);
        finish(ForkState.CANCELLED, RunOutcome.CANCELLED, payload, null);
    }

    private void failed(Throwable e) {
        String message =
                e instanceof InjectedFault ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("error", message);
        payload.put("stage", stage.wire);
        finish(ForkState.FAILED, RunOutcome.ERROR, payload, message);
    }

    private void finish(ForkState finalState, RunOutcome outcome, Map<String, Object> payload, String errorText) {
        if (!ending.compareAndSet(false, true)) {
            return;
        }
        if (outcome != null && childClosed.compareAndSet(false, true)) {
            try {
                confirm(broker.closeRun(child, outcome, payload));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.error("fork task {}: interrupted while closing child run {} as {}", name, child, outcome.kind());
            } catch (RuntimeException e) {
                LOG.error(
                        "fork task {}: could not close child run {} as {}: {}",
                        name,
                        child,
                        outcome.kind(),
                        e.toString());
            }
        }
        error = errorText;
        state = finalState;
        lastProgressAt = clock.instant();
        ended.countDown();
        onEnd.run();
    }

    /** {@code class.method(File.java:line)}, without the class-loader and module prefixes Java adds. */
    private static String frame(StackTraceElement e) {
        String where = e.isNativeMethod()
                ? "Native Method"
                : e.getFileName() == null
                        ? "Unknown Source"
                        : e.getLineNumber() >= 0 ? e.getFileName() + ":" + e.getLineNumber() : e.getFileName();
        return e.getClassName() + "." + e.getMethodName() + "(" + where + ")";
    }

    /** The worker's frames, top first, while it runs on a worker; else empty. */
    private List<String> stack() {
        Thread w = worker;
        return isRunning() && w != null
                ? Arrays.stream(w.getStackTrace())
                        .limit(MAX_FRAMES)
                        .map(ForkTask::frame)
                        .toList()
                : List.of();
    }

    /** Takes one stack sample at {@code now} (the service's sampler, every {@link LivenessRule#sampleEvery}). */
    void sample(Instant now) {
        if (isRunning()) {
            long mark = progressMark;
            samples.record(now, stack(), mark);
        }
    }

    /** {@link LivenessRule}'s verdict from the samples taken so far (no new sample); cheaper than a {@link #view}. */
    boolean isStuck(Instant now, Duration stuckAfter) {
        return liveness(isRunning(), now, lastProgressAt, progressMark, stuckAfter) == ForkLiveness.STUCK;
    }

    private ForkLiveness liveness(boolean running, Instant now, Instant last, long mark, Duration stuckAfter) {
        return LivenessRule.judge(running, idle(now, last), stuckAfter, samples.streak(mark));
    }

    private static Duration idle(Instant now, Instant last) {
        Duration idle = Duration.between(last, now);
        return idle.isNegative() ? Duration.ZERO : idle;
    }

    /** Who and what without a stack (no sample taken): enough for a lease, cheap enough for every heartbeat. */
    ForkTaskView brief() {
        return new ForkTaskView(
                name,
                parent.value(),
                child.value(),
                state,
                stage.wire,
                startedAt,
                lastProgressAt,
                0,
                false,
                null,
                null,
                eventsReplayed,
                atSeq,
                List.of(),
                null);
    }

    /** The current snapshot, its stack recorded as a sample; {@code stuck} as {@link LivenessRule} judges it. */
    ForkTaskView view(Instant now, Duration stuckAfter) {
        ForkState s = state;
        boolean running = s == ForkState.RUNNING;
        Instant last = lastProgressAt;
        long mark = progressMark;
        List<String> stack = stack();
        if (running) {
            samples.record(now, stack, mark);
        }
        ForkLiveness liveness = liveness(running, now, last, mark, stuckAfter);
        StackSamples.Streak streak = samples.streak(mark);
        Double unchanged =
                running && streak.samples() >= 2 ? streak.unchangedFor().toMillis() / 1000.0 : null;
        return new ForkTaskView(
                name,
                parent.value(),
                child.value(),
                s,
                stage.wire,
                startedAt,
                last,
                idle(now, last).toMillis() / 1000.0,
                liveness == ForkLiveness.STUCK,
                liveness,
                unchanged,
                eventsReplayed,
                atSeq,
                stack,
                error);
    }
}
