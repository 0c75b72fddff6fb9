package dev.arena.sim;

import dev.arena.broker.BrokerException;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
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
 * process exiting right after {@link #run} leaves nothing behind.
 */
public final class Smoke {

    /** The run produced and how many events it holds (its last seq, {@code run.start} and terminal included). */
    public record Result(RunId runId, long events) {
    }

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final EventBroker broker;
    private final long seed;
    private final double latencyScale;

    /**
     * @param latencyScale how much of each simulated LLM latency to really wait (0 = none)
     */
    public Smoke(EventBroker broker, long seed, double latencyScale) {
        this.broker = broker;
        this.seed = seed;
        this.latencyScale = latencyScale;
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
        await(broker.openRun(run, start));
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
        return new Result(run, last);
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
            throw new BrokerException("smoke publish not confirmed within " + WAIT.toSeconds()
                    + "s: is the broker backend reachable?", e);
        }
    }
}
