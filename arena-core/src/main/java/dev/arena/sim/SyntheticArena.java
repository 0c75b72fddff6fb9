package dev.arena.sim;

import dev.arena.broker.Event;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * A deterministic synthetic arena: agents working through phases, producing the mix of event
 * kinds of docs/design.md, "Runs and events" ({@code phase.start/complete}, {@code agent.start}, {@code llm.call}, occasional
 * {@code llm.error}, {@code agent.signal}, {@code decision.emit}, {@code action.emit},
 * {@code control.command/ack}, {@code system.status}). The same seed always yields the same events
 * (kinds, phases, correlation ids and payloads); only the time spent in {@link SimulatedLlm} varies.
 *
 * <p>It produces events but publishes nothing: the caller opens and closes the run (so the
 * {@code run.start}/terminal events are not part of this sequence). Not thread-safe.
 */
public final class SyntheticArena {

    /** The phases each cycle walks through, in order. */
    public static final List<String> PHASES = List.of("analysis", "strategy", "execution");

    private static final String[] ROLES = {"analyst", "strategist", "trader", "critic", "scout"};
    private static final String[] SIGNALS = {"bullish", "bearish", "neutral", "uncertain"};
    private static final String[] DECISIONS = {"buy", "sell", "hold", "hedge"};
    private static final String[] ACTIONS = {"place_order", "cancel_order", "rebalance", "request_data"};
    private static final String[] ASSETS = {"BTC", "ETH", "SOL", "AAPL", "NVDA", "EURUSD"};
    private static final String[] COMMANDS = {"pause", "resume", "adjust_budget", "set_temperature"};

    private final SplittableRandom random;
    private final SimulatedLlm llm;
    private final List<String> agents;
    private final int rounds;
    private final int cycles;
    private final ArrayDeque<Event> pending = new ArrayDeque<>();
    private int cycle;
    private int phase;
    /** Position inside the current phase: 0 = not started, 1..turns = agent turns, turns+1 = end. */
    private int step;

    private long produced;
    private int decisionsInPhase;

    /**
     * @param seed   makes the event sequence reproducible
     * @param llm    the model the agents call (its latency is the only real time spent)
     * @param agents number of agents (1..5)
     * @param rounds turns per agent per phase (at least 1)
     * @param cycles passes over {@link #PHASES}; 0 means endless
     */
    public SyntheticArena(long seed, SimulatedLlm llm, int agents, int rounds, int cycles) {
        if (agents < 1 || agents > ROLES.length) {
            throw new IllegalArgumentException("agents must be 1.." + ROLES.length + ", got " + agents);
        }
        if (rounds < 1 || cycles < 0) {
            throw new IllegalArgumentException("rounds must be >= 1 and cycles >= 0, got " + rounds + " and " + cycles);
        }
        this.random = new SplittableRandom(seed);
        this.llm = llm;
        this.rounds = rounds;
        this.cycles = cycles;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < agents; i++) {
            names.add(ROLES[i] + "-" + (i + 1));
        }
        this.agents = List.copyOf(names);
    }

    /** The smoke shape: 3 agents, 2 rounds, one cycle — about 50–100 events. */
    public static SyntheticArena smoke(long seed, SimulatedLlm llm) {
        return new SyntheticArena(seed, llm, 3, 2, 1);
    }

    /** The race shape: 3 agents cycling through the phases until the caller stops. */
    public static SyntheticArena endless(long seed, SimulatedLlm llm) {
        return new SyntheticArena(seed, llm, 3, 1, 0);
    }

    /** The agent names, e.g. {@code analyst-1}. */
    public List<String> agents() {
        return agents;
    }

    /** True while more events will come (always true for an endless arena). */
    public boolean hasNext() {
        return !pending.isEmpty() || cycles == 0 || cycle < cycles;
    }

    /** Events handed out so far. */
    public long produced() {
        return produced;
    }

    /**
     * The next event; may wait inside {@link SimulatedLlm#complete}.
     *
     * @throws InterruptedException  if interrupted inside a simulated model call
     * @throws NoSuchElementException past the end of a bounded arena
     */
    public Event next() throws InterruptedException {
        while (pending.isEmpty()) {
            if (!hasNext()) {
                throw new NoSuchElementException("the synthetic arena has finished its " + cycles + " cycle(s)");
            }
            advance();
        }
        produced++;
        return pending.poll();
    }

    private void advance() throws InterruptedException {
        int turns = agents.size() * rounds;
        String phaseName = PHASES.get(phase);
        if (step == 0) {
            startPhase(phaseName);
        } else if (step <= turns) {
            turn(phaseName, agents.get((step - 1) % agents.size()), (step - 1) / agents.size() + 1);
        } else {
            endPhase(phaseName);
            step = -1;
            if (++phase == PHASES.size()) {
                phase = 0;
                cycle++;
            }
        }
        step++;
    }

    private void startPhase(String phaseName) {
        decisionsInPhase = 0;
        emit("phase.start", phaseName, null, map("phase", phaseName, "cycle", cycle + 1, "agents", agents));
        if (cycle == 0 && phase == 0) {
            for (int i = 0; i < agents.size(); i++) {
                emit(
                        "agent.start",
                        phaseName,
                        null,
                        map(
                                "agent",
                                agents.get(i),
                                "role",
                                ROLES[i],
                                "budget_tokens",
                                20_000 + 1_000 * random.nextInt(30)));
            }
        }
    }

    private void turn(String phaseName, String agent, int round) throws InterruptedException {
        String correlation = correlationId();
        String prompt = "You are " + agent + " in the " + phaseName + " phase, round " + round
                + ". Assess the market and propose your next move.";
        LlmReply reply = llm.complete(agent, prompt);
        int attempt = 1;
        while (reply.failed() && attempt < 3) {
            emitLlmError(agent, phaseName, correlation, reply, attempt, true);
            attempt++;
            reply = llm.complete(agent, prompt);
        }
        if (reply.failed()) {
            emitLlmError(agent, phaseName, correlation, reply, attempt, false);
            emitSignal(
                    agent,
                    phaseName,
                    correlation,
                    "abstain",
                    "reason",
                    "model unavailable: " + reply.error(),
                    "round",
                    round);
            return;
        }
        emitLlm(
                "llm.call",
                agent,
                phaseName,
                correlation,
                reply,
                "prompt_tokens",
                reply.promptTokens(),
                "completion_tokens",
                reply.completionTokens(),
                "latency_ms",
                reply.latencyMs(),
                "attempt",
                attempt);
        double confidence = Math.round(random.nextDouble() * 100) / 100.0;
        emitSignal(
                agent,
                phaseName,
                correlation,
                SIGNALS[random.nextInt(SIGNALS.length)],
                "confidence",
                confidence,
                "summary",
                reply.text(),
                "round",
                round);
        String asset = ASSETS[random.nextInt(ASSETS.length)];
        emit(
                "decision.emit",
                phaseName,
                correlation,
                map(
                        "agent",
                        agent,
                        "decision",
                        DECISIONS[random.nextInt(DECISIONS.length)],
                        "asset",
                        asset,
                        "confidence",
                        confidence,
                        "round",
                        round));
        decisionsInPhase++;
        if (random.nextInt(2) == 0) {
            emit(
                    "action.emit",
                    phaseName,
                    correlation,
                    map(
                            "agent",
                            agent,
                            "action",
                            ACTIONS[random.nextInt(ACTIONS.length)],
                            "asset",
                            asset,
                            "quantity",
                            1 + random.nextInt(100)));
        }
    }

    private void endPhase(String phaseName) {
        if (random.nextInt(3) == 0) {
            String correlation = correlationId();
            String command = COMMANDS[random.nextInt(COMMANDS.length)];
            emit("control.command", phaseName, correlation, map("command", command, "issued_by", "operator-sim"));
            emit("control.ack", phaseName, correlation, map("command", command, "accepted", random.nextInt(10) > 0));
        }
        emit(
                "system.status",
                phaseName,
                null,
                map(
                        "phase",
                        phaseName,
                        "events_so_far",
                        produced + pending.size(),
                        "agents_active",
                        agents.size(),
                        "queue_depth",
                        random.nextInt(8)));
        emit(
                "phase.complete",
                phaseName,
                null,
                map(
                        "phase",
                        phaseName,
                        "cycle",
                        cycle + 1,
                        "decisions",
                        decisionsInPhase,
                        "simulated_duration_ms",
                        1_000 + random.nextInt(20_000)));
    }

    private void emitLlmError(
            String agent, String phaseName, String correlation, LlmReply reply, int attempt, boolean retrying) {
        emitLlm(
                "llm.error",
                agent,
                phaseName,
                correlation,
                reply,
                "error",
                reply.error(),
                "attempt",
                attempt,
                "latency_ms",
                reply.latencyMs(),
                "retrying",
                retrying);
    }

    /** An LLM event ({@code kind}) of {@code agent}'s call answered by {@code reply}'s model, then the fields {@code more}. */
    private void emitLlm(
            String kind, String agent, String phaseName, String correlation, LlmReply reply, Object... more) {
        Map<String, Object> payload = map("agent", agent, "model", reply.model());
        payload.putAll(map(more));
        emit(kind, phaseName, correlation, payload);
    }

    /** An {@code agent.signal} of {@code agent}: its {@code signal}, then the further fields {@code more}. */
    private void emitSignal(String agent, String phaseName, String correlation, String signal, Object... more) {
        Map<String, Object> payload = map("agent", agent, "signal", signal);
        payload.putAll(map(more));
        emit("agent.signal", phaseName, correlation, payload);
    }

    private void emit(String kind, String phaseName, String correlationId, Map<String, ?> payload) {
        pending.add(Event.of(kind, payload).withPhase(phaseName).withCorrelationId(correlationId));
    }

    private String correlationId() {
        return hex16(random.nextLong()) + hex16(random.nextLong());
    }

    private static String hex16(long bits) {
        String hex = Long.toHexString(bits);
        return "0".repeat(16 - hex.length()) + hex;
    }

    private static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
