package dev.arena.sim;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

/**
 * A stand-in for a language-model client. Each {@link #complete} call draws a realistic, seeded
 * latency (log-normal, median ~700 ms) and really waits that long times the latency scale, so a
 * worker inside a call shows {@code SimulatedLlm.complete} on its stack exactly as a real client
 * would — which is what an operator sees in {@code /debug/forks} when a fork is parked in a call.
 *
 * <p>Replies depend only on the seed and the call order, never on the latency scale. Not
 * thread-safe: one instance per producing thread.
 */
public final class SimulatedLlm {

    private static final String[] MODELS = {"gpt-sim-large", "claude-sim-3", "llama-sim-70b"};
    private static final String[] ERRORS = {"rate_limited", "timeout", "overloaded", "context_length_exceeded"};
    private static final String[] WORDS = {
        "momentum",
        "risk",
        "spread",
        "signal",
        "hedge",
        "volume",
        "trend",
        "liquidity",
        "exposure",
        "drawdown",
        "breakout",
        "rebalance"
    };
    private static final double MEDIAN_MS = 700;
    private static final double SIGMA = 0.6;

    private final SplittableRandom random;
    private final double latencyScale;
    private final double errorRate;
    private final BooleanSupplier stallWhen;

    /**
     * @param seed         makes replies and latencies reproducible
     * @param latencyScale 1.0 waits the simulated latency, 0 never waits (tests, the race)
     * @param errorRate    probability in [0, 1] that a call fails with a provider error
     * @param stallWhen    checked at the start of each call; when true the call parks until the
     *                     thread is interrupted (fault injection: {@code stall_at_seq})
     */
    public SimulatedLlm(long seed, double latencyScale, double errorRate, BooleanSupplier stallWhen) {
        if (!(latencyScale >= 0) || Double.isInfinite(latencyScale)) {
            throw new IllegalArgumentException("latency scale must be a finite number >= 0, got " + latencyScale);
        }
        if (!(errorRate >= 0 && errorRate <= 1)) {
            throw new IllegalArgumentException("error rate must be within [0, 1], got " + errorRate);
        }
        this.random = new SplittableRandom(seed);
        this.latencyScale = latencyScale;
        this.errorRate = errorRate;
        this.stallWhen = Objects.requireNonNull(stallWhen, "stallWhen");
    }

    /** A model that answers at once, with the default error rate of 5%, never stalling. */
    public static SimulatedLlm instant(long seed) {
        return new SimulatedLlm(seed, 0, 0.05, () -> false);
    }

    /** A model that waits its simulated latency times {@code latencyScale}, never stalling. */
    public static SimulatedLlm scaled(long seed, double latencyScale) {
        return new SimulatedLlm(seed, latencyScale, 0.05, () -> false);
    }

    /**
     * Completes one prompt for {@code agent}, waiting the simulated latency (scaled).
     *
     * @throws InterruptedException when the calling thread is interrupted while waiting or parked
     */
    public LlmReply complete(String agent, String prompt) throws InterruptedException {
        if (stallWhen.getAsBoolean()) {
            parkUntilInterrupted();
        }
        String model = MODELS[Math.floorMod(agent.hashCode(), MODELS.length)];
        long latencyMs = Math.max(40, Math.min(8_000, Math.round(MEDIAN_MS * Math.exp(SIGMA * random.nextGaussian()))));
        int promptTokens = 120 + prompt.length() / 4 + random.nextInt(1_500);
        int completionTokens = 16 + random.nextInt(400);
        String error = random.nextDouble() < errorRate ? ERRORS[random.nextInt(ERRORS.length)] : null;
        String text = WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)];
        long waitMs = Math.round(latencyMs * latencyScale);
        if (waitMs > 0) {
            Thread.sleep(waitMs);
        } else if (Thread.interrupted()) {
            throw new InterruptedException("simulated LLM call interrupted");
        }
        return error == null
                ? new LlmReply(model, promptTokens, completionTokens, latencyMs, null, text)
                : new LlmReply(model, promptTokens, 0, latencyMs, error, null);
    }

    /** Parks like a call whose provider never answers; only an interrupt (cancel) gets out. */
    private static void parkUntilInterrupted() throws InterruptedException {
        new CountDownLatch(1).await();
    }
}
