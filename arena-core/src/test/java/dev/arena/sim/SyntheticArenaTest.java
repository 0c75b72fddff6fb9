package dev.arena.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.broker.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SyntheticArenaTest {

    private static List<String> smokeEvents(long seed) throws InterruptedException {
        SyntheticArena arena = SyntheticArena.smoke(seed, SimulatedLlm.instant(seed));
        List<String> out = new ArrayList<>();
        while (arena.hasNext()) {
            Event e = arena.next();
            out.add(e.kind() + "|" + e.phase() + "|" + e.correlationId() + "|" + e.payloadJson());
        }
        return out;
    }

    @Test
    void sameSeed_yieldsTheSameEvents_differentSeed_others() throws InterruptedException {
        assertThat(smokeEvents(42)).isEqualTo(smokeEvents(42));
        assertThat(smokeEvents(42)).isNotEqualTo(smokeEvents(43));
    }

    @Test
    void smokeShape_staysWithin50To100EventsWithTheRunsOwnTwo() throws InterruptedException {
        for (long seed = 1; seed <= 20; seed++) {
            // run.start and the terminal event are added by the producer
            assertThat(smokeEvents(seed).size() + 2).as("seed %d", seed).isBetween(50, 100);
        }
    }

    @Test
    void smokeShape_overSeveralSeeds_coversEveryKindOfTheMix() throws InterruptedException {
        Set<String> kinds = new TreeSet<>();
        for (long seed = 1; seed <= 10; seed++) {
            smokeEvents(seed).forEach(line -> kinds.add(line.substring(0, line.indexOf('|'))));
        }
        assertThat(kinds)
                .contains(
                        "phase.start",
                        "phase.complete",
                        "agent.start",
                        "agent.signal",
                        "llm.call",
                        "llm.error",
                        "decision.emit",
                        "action.emit",
                        "system.status",
                        "control.command",
                        "control.ack");
    }

    @Test
    void everyEvent_carriesItsPhase_andTurnsShareACorrelationId() throws InterruptedException {
        SyntheticArena arena = SyntheticArena.smoke(7, SimulatedLlm.instant(7));
        List<Event> events = new ArrayList<>();
        while (arena.hasNext()) {
            events.add(arena.next());
        }
        assertThat(events).allSatisfy(e -> assertThat(SyntheticArena.PHASES).contains(e.phase()));
        Event call = events.stream()
                .filter(e -> e.kind().equals("llm.call"))
                .findFirst()
                .orElseThrow();
        Event signal = events.get(events.indexOf(call) + 1);
        assertThat(signal.kind()).isEqualTo("agent.signal");
        assertThat(signal.correlationId()).isNotNull().isEqualTo(call.correlationId());
        assertThat(arena.produced()).isEqualTo(events.size());
    }

    @Test
    void boundedArena_refusesToGoPastItsEnd() throws InterruptedException {
        SyntheticArena arena = SyntheticArena.smoke(1, SimulatedLlm.instant(1));
        while (arena.hasNext()) {
            arena.next();
        }
        assertThatThrownBy(arena::next)
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("finished");
    }

    @Test
    void endlessArena_cyclesThroughThePhases() throws InterruptedException {
        SyntheticArena arena = SyntheticArena.endless(3, SimulatedLlm.instant(3));
        int phaseStarts = 0;
        for (int i = 0; i < 1_000; i++) {
            assertThat(arena.hasNext()).isTrue();
            if (arena.next().kind().equals("phase.start")) {
                phaseStarts++;
            }
        }
        assertThat(phaseStarts).isGreaterThan(SyntheticArena.PHASES.size() * 3);
    }

    @Test
    void badShape_isRejectedNamingTheLimit() {
        assertThatThrownBy(() -> new SyntheticArena(1, SimulatedLlm.instant(1), 0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("agents");
    }
}
