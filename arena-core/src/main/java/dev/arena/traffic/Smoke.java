package dev.arena.traffic;

import dev.arena.broker.BestEffortBroker;
import dev.arena.broker.BrokerException;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import dev.arena.sim.SimulatedLlm;
import dev.arena.sim.SyntheticArena;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One synthetic run through a broker, end to end: open, the arena's ~50–100 events, close
 * {@code run.complete}, flush. It is how an operator proves that a producer's events reach the
 * broker the server reads ({@code arena smoke}); it waits until every publish is confirmed, so a
 * process exiting right after {@link #run} leaves nothing behind. {@link #bestEffort} runs it the
 * way a producer that must never fail because of its event stream does.
 */
public final class Smoke {

    /**
     * The run produced.
     *
     * @param events how many events it holds ({@code run.start} and terminal included): its last
     *               seq, or in best-effort mode the writes the broker confirmed
     * @param failed writes that failed (always 0 unless best effort: a strict smoke throws instead)
     */
    public record Result(RunId runId, long events, long failed) {}

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final EventBroker broker;
    private final BestEffortBroker bestEffort;
    private final long seed;
    private final double latencyScale;

    /**
     * A strict smoke: the first failed publish fails the run.
     *
     * @param latencyScale how much of each simulated LLM latency to really wait (0 = none)
     */
    public Smoke(EventBroker broker, long seed, double latencyScale) {
        this(broker, null, seed, latencyScale);
    }

    private Smoke(EventBroker broker, BestEffortBroker bestEffort, long seed, double latencyScale) {
        this.broker = broker;
        this.bestEffort = bestEffort;
        this.seed = seed;
        this.latencyScale = latencyScale;
    }

    /**
     * A smoke that keeps the publisher promise: it publishes through a {@link BestEffortBroker}, so
     * a failing broker never stops the run; failed writes are counted in {@link Result#failed()}.
     */
    public static Smoke bestEffort(EventBroker broker, long seed, double latencyScale) {
        BestEffortBroker guarded = new BestEffortBroker(broker);
        return new Smoke(guarded, guarded, seed, latencyScale);
    }

    /**
     * Produces the run.
     *
     * @throws BrokerException      if a publish fails or is not confirmed within 30 s (the run is
     *                              closed {@code run.error} when the broker still accepts it)
     * @throws InterruptedException if interrupted; the run is then closed {@code run.cancelled}
     */
    public Result run() throws InterruptedException {
        RunId run = RunId.random();
        SyntheticArena arena = SyntheticArena.smoke(seed, SimulatedLlm.scaled(seed, latencyScale));
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("producer", "smoke");
        start.put("seed", seed);
        start.put("agents", arena.agents());
        long opened = await(broker.openRun(run, start));
        List<CompletableFuture<Long>> pending = new ArrayList<>();
        try {
            while (arena.hasNext()) {
                Event event = arena.next();
                pending.add(broker.publish(run, event));
            }
            await(CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)));
        } catch (InterruptedException e) {
            closeQuietly(run, RunOutcome.CANCELLED, "smoke interrupted");
            throw e;
        } catch (RuntimeException e) {
            closeQuietly(run, RunOutcome.ERROR, e.getMessage());
            throw e;
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("events", arena.produced());
        summary.put("producer", "smoke");
        long last = await(broker.closeRun(run, RunOutcome.COMPLETE, summary));
        broker.flush(WAIT);
        if (bestEffort == null) {
            return new Result(run, last, 0);
        }
        long confirmed = (opened > 0 ? 1 : 0)
                + (last > 0 ? 1 : 0)
                + pending.stream().filter(f -> f.join() > 0).count();
        return new Result(run, confirmed, pending.size() + 2 - confirmed);
    }

    private void closeQuietly(RunId run, RunOutcome outcome, String reason) {
        try {
            broker.closeRun(run, outcome, Map.of("reason", String.valueOf(reason)));
            broker.flush(Duration.ofSeconds(5));
        } catch (RuntimeException ignored) {
            // The original failure is what the caller needs to see.
        }
    }

    private static <T> T await(CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BrokerException be) {
                throw be;
            }
            throw new BrokerException("smoke publish failed: " + cause, cause);
        } catch (TimeoutException e) {
            throw new BrokerException(
                    "smoke publish not confirmed within " + WAIT.toSeconds() + "s: is the broker backend reachable?",
                    e);
        }
    }
}
