package dev.arena.fork;

import static dev.arena.fork.ReplayAssertions.assertReplays;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.broker.RunOutcome;
import dev.arena.broker.UnknownRunException;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.config.BrokerSettings;
import dev.arena.error.BackendUnavailableException;
import dev.arena.error.InputException;
import dev.arena.testkit.MutableClock;
import dev.arena.time.Ticker;
import dev.arena.wire.ForkState;
import dev.arena.wire.ForkTaskView;
import dev.arena.wire.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ForkServiceTest {

    private static final Duration STUCK_AFTER = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MutableClock clock = MutableClock.startingNow();
    private final InProcessEventBroker broker = new InProcessEventBroker(BrokerSettings.DEFAULTS, clock);
    private final ForkService forks = new ForkService(broker, clock, Ticker.system(), STUCK_AFTER, true, 0, 2);

    @AfterEach
    void close() {
        forks.shutdown(Duration.ofSeconds(5));
        broker.close();
    }

    private RunId parent(int events, boolean close) {
        RunId run = RunId.random();
        broker.openRun(run, Map.of("producer", "test")).join();
        for (int i = 2; i <= events; i++) {
            String kind = i % 3 == 0 ? "agent.signal" : i % 3 == 1 ? "llm.call" : "decision.emit";
            broker.publish(
                            run,
                            Event.of(kind, Map.of("i", i, "note", "event " + i)).withPhase("analysis"))
                    .join();
        }
        if (close) {
            broker.closeRun(run, RunOutcome.COMPLETE, Map.of()).join();
        }
        return run;
    }

    private ForkTaskView awaitState(String name, String state) {
        await().atMost(WAIT)
                .until(() -> forks.task(name).orElseThrow().state().wireName().equals(state));
        return forks.task(name).orElseThrow();
    }

    private List<Envelope> child(ForkTaskView view) {
        return broker.read(RunId.parse(view.childRunId()), 1, 10_000);
    }

    @Test
    void fork_replaysTheParentsEvents2ToAtSeq_thenContinues_andCompletes() {
        RunId parent = parent(30, false);

        ForkTaskView started = forks.start(new ForkRequest(parent, 20L, null));
        ForkTaskView done = awaitState(started.name(), "done");

        assertThat(started.name()).isEqualTo("fork-" + started.childRunId().substring(0, 8));
        assertThat(done.stage()).isEqualTo("done");
        assertThat(done.eventsReplayed()).isEqualTo(19);
        assertThat(done.atSeq()).isEqualTo(20);
        List<Envelope> child = child(done);
        assertThat(child.get(0).kind()).isEqualTo("run.start");
        assertThat(child.get(0).payload().get("parent_run_id").asText()).isEqualTo(parent.value());
        assertThat(child.get(0).payload().get("at_seq").asLong()).isEqualTo(20);
        assertThat(child.get(1).kind()).isEqualTo("fork.start");
        assertThat(child.get(1).payload().get("parent_run_id").asText()).isEqualTo(parent.value());
        assertThat(child.get(1).payload().get("at_seq").asLong()).isEqualTo(20);
        List<Envelope> parentEvents = broker.read(parent, 2, 19);
        List<Envelope> replayed = child.subList(2, 21);
        assertReplays(replayed, parentEvents);
        assertThat(replayed).extracting(Envelope::phase).containsOnly("analysis");
        assertThat(child.subList(21, child.size() - 1))
                .extracting(Envelope::kind)
                .contains("llm.call", "phase.complete");
        assertThat(child.get(child.size() - 1).kind()).isEqualTo("run.complete");
        RunInfo info = broker.run(RunId.parse(done.childRunId())).orElseThrow();
        assertThat(info.parentRunId()).isEqualTo(parent);
        assertThat(info.status()).isEqualTo(RunStatus.COMPLETE);
    }

    @Test
    void defaultAtSeq_isTheParentsLastNonTerminalSeq() {
        RunId open = parent(12, false);
        RunId closed = parent(12, true);

        assertThat(awaitState(forks.start(ForkRequest.of(open)).name(), "done").atSeq())
                .isEqualTo(12);
        ForkTaskView ofClosed = awaitState(forks.start(ForkRequest.of(closed)).name(), "done");
        assertThat(ofClosed.atSeq()).isEqualTo(12);
        assertThat(child(ofClosed)).extracting(Envelope::kind).containsOnlyOnce("run.complete");
    }

    @Test
    void stalledFork_showsStuck_withAStackNamingSimulatedLlmComplete_andCancelClosesItsChild() {
        RunId parent = parent(10, false);
        ForkTaskView started = forks.start(new ForkRequest(parent, 10L, FaultScenario.stallAt(15)));

        await().atMost(WAIT).until(() -> forks.task(started.name()).orElseThrow().stack().stream()
                .anyMatch(f -> f.startsWith("dev.arena.sim.SimulatedLlm.complete(")));
        ForkTaskView parked = forks.task(started.name()).orElseThrow();
        assertThat(parked.state().wireName()).isEqualTo("running");
        assertThat(parked.stage()).isEqualTo("continuing");
        assertThat(parked.stuck()).isFalse();
        assertThat(forks.stuck()).isZero();

        clock.advance(STUCK_AFTER.plusSeconds(1));
        ForkTaskView stuck = forks.tasks().get(0);
        assertThat(stuck.name()).isEqualTo(started.name());
        assertThat(stuck.stuck()).isTrue();
        assertThat(stuck.idleSeconds()).isGreaterThanOrEqualTo(61.0);
        assertThat(forks.stuck()).isEqualTo(1);
        assertThat(forks.running()).isEqualTo(1);

        ForkTaskView cancelled = forks.cancel(started.name()).orElseThrow();
        assertThat(cancelled.state().wireName()).isEqualTo("cancelled");
        assertThat(cancelled.stuck()).isFalse();
        assertThat(cancelled.stack()).isEmpty();
        assertThat(forks.running()).isZero();
        List<Envelope> child = child(cancelled);
        assertThat(child.get(child.size() - 1).kind()).isEqualTo("run.cancelled");
        assertThat(child.get(child.size() - 1).payload().get("stage").asText()).isEqualTo("continuing");
        assertThat(forks.cancel("fork-00000000")).isEmpty();
    }

    @Test
    void failAtSeq_failsTheTask_withTheError_andClosesTheChildRunError() {
        RunId parent = parent(10, false);
        ForkTaskView started = forks.start(new ForkRequest(parent, 10L, FaultScenario.failAt(14)));

        ForkTaskView failed = awaitState(started.name(), "failed");

        assertThat(failed.error()).contains("fail_at_seq=14");
        assertThat(failed.stage()).isEqualTo("continuing");
        List<Envelope> child = child(failed);
        assertThat(child).hasSize(15);
        assertThat(child.get(14).kind()).isEqualTo("run.error");
        assertThat(child.get(14).payload().get("error").asText()).contains("fail_at_seq=14");
        assertThat(broker.run(RunId.parse(failed.childRunId())).orElseThrow().status())
                .isEqualTo(RunStatus.ERROR);
    }

    @Test
    void faultInjection_isRefused_unlessAllowed() {
        ForkService strict = new ForkService(broker, clock, Ticker.system(), STUCK_AFTER, false, 0, 1);
        try {
            RunId parent = parent(5, false);
            assertThatThrownBy(() -> strict.start(new ForkRequest(parent, null, FaultScenario.stallAt(3))))
                    .isInstanceOf(InputException.class)
                    .hasMessageContaining("--allow-fault-injection");
            assertThat(broker.runs()).hasSize(1);
        } finally {
            strict.shutdown(Duration.ofSeconds(1));
        }
    }

    @Test
    void badTargets_areRefusedBeforeAnyChildIsOpened() {
        RunId unknown = RunId.random();
        assertThatThrownBy(() -> forks.start(ForkRequest.of(unknown)))
                .isInstanceOf(UnknownRunException.class)
                .hasMessageContaining(unknown.value());
        RunId parent = parent(5, true);
        assertThatThrownBy(() -> forks.start(new ForkRequest(parent, 6L, null)))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("at_seq 6 is past the parent's last non-terminal seq 5");
        assertThat(broker.runs()).hasSize(1);
        assertThat(forks.tasks()).isEmpty();
    }

    @Test
    void shutdown_cancelsRunningAndQueuedTasks_andClosesTheirChildrenCancelled() {
        RunId parent = parent(5, false);
        List<ForkTaskView> started = List.of(
                forks.start(new ForkRequest(parent, 5L, FaultScenario.stallAt(6))),
                forks.start(new ForkRequest(parent, 5L, FaultScenario.stallAt(6))),
                forks.start(new ForkRequest(parent, 5L, FaultScenario.stallAt(6)))); // queued: 2 workers
        await().atMost(WAIT)
                .until(() -> forks.tasks().stream()
                                .filter(t -> t.stage().equals("continuing"))
                                .count()
                        == 2);
        assertThat(forks.tasks()).extracting(ForkTaskView::stage).contains("queued");

        forks.shutdown(Duration.ofSeconds(5));

        assertThat(forks.tasks()).extracting(v -> v.state().wireName()).containsOnly("cancelled");
        for (ForkTaskView view : started) {
            assertThat(broker.run(RunId.parse(view.childRunId())).orElseThrow().status())
                    .isEqualTo(RunStatus.CANCELLED);
        }
        assertThatThrownBy(() -> forks.start(ForkRequest.of(parent)))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("shut down");
    }

    @Test
    void tasks_listStuckFirst_thenNewest() {
        RunId parent = parent(5, false);
        ForkTaskView stalled = forks.start(new ForkRequest(parent, 5L, FaultScenario.stallAt(6)));
        await().atMost(WAIT).until(() -> forks.task(stalled.name()).orElseThrow().stack().stream()
                .anyMatch(f -> f.startsWith("dev.arena.sim.SimulatedLlm.complete(")));
        clock.advance(STUCK_AFTER.plusSeconds(5));
        ForkTaskView older = forks.start(ForkRequest.of(parent));
        awaitState(older.name(), "done");
        ForkTaskView newer = forks.start(ForkRequest.of(parent));
        awaitState(newer.name(), "done");

        assertThat(forks.tasks())
                .extracting(ForkTaskView::name)
                .containsExactly(stalled.name(), newer.name(), older.name());
    }

    @Test
    void manyForks_queueOnTheBoundedPool_andAllComplete() {
        RunId parent = parent(15, false);
        List<ForkTaskView> started = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            started.add(forks.start(new ForkRequest(parent, (long) (2 + i), null)));
        }

        await().atMost(WAIT).until(() -> forks.running() == 0);

        assertThat(forks.tasks())
                .hasSize(12)
                .extracting(v -> v.state().wireName())
                .containsOnly("done");
        for (ForkTaskView view : started) {
            List<Envelope> child = child(view);
            assertThat(child.subList(2, (int) view.atSeq() + 1))
                    .extracting(Envelope::payloadJson)
                    .isEqualTo(broker.read(parent, 2, (int) view.atSeq() - 1).stream()
                            .map(Envelope::payloadJson)
                            .toList());
            assertThat(child.get(child.size() - 1).kind()).isEqualTo("run.complete");
        }
    }

    @Test
    void view_serialisesWithTheNamesAndOrderOfTheDocsApiExample_evenWithAPlainMapper() throws Exception {
        ForkTaskView view = new ForkTaskView(
                "fork-9a4d3f2b",
                RunId.random().value(),
                RunId.random().value(),
                ForkState.RUNNING,
                "continuing",
                Instant.parse("2026-11-22T06:46:21.123Z"),
                Instant.parse("2026-11-22T06:46:25.001Z"),
                73.5,
                true,
                19,
                20,
                List.of("dev.arena.sim.SimulatedLlm.complete(SimulatedLlm.java:57)"),
                null);

        JsonNode json = new ObjectMapper().valueToTree(view);
        JsonNode documented = forkTaskExampleInDocsApi();

        assertThat(json.fieldNames())
                .toIterable()
                .as("the ForkTask example in docs/api.md, field for field")
                .containsExactlyElementsOf(documented::fieldNames);
        assertThat(json.get("started_at").asText()).isEqualTo("2026-11-22T06:46:21.123Z");
        assertThat(json.get("idle_seconds").asDouble()).isEqualTo(73.5);
        assertThat(json.get("error").isNull()).isTrue();
        assertThat(json.get("stack").get(0).asText()).startsWith("dev.arena.sim.SimulatedLlm.complete(");
    }

    /** The JSON object of docs/api.md's "ForkTask (a real answer" example, as the docs show it. */
    private static JsonNode forkTaskExampleInDocsApi() throws Exception {
        Path docs = Path.of("").toAbsolutePath().getParent().resolve("docs/api.md");
        List<String> lines = Files.readAllLines(docs);
        int at = 0;
        while (!lines.get(at).startsWith("ForkTask (a real answer")) {
            at++;
        }
        while (!lines.get(at).equals("{")) {
            at++;
        }
        StringBuilder object = new StringBuilder();
        do {
            object.append(lines.get(at)).append('\n');
        } while (!lines.get(at++).equals("}"));
        return new ObjectMapper().readTree(object.toString());
    }
}
