package dev.arena.fork;

import static dev.arena.fork.ReplayAssertions.assertReplays;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.broker.redis.RedisStreamsBroker;
import dev.arena.config.BrokerSettings;
import dev.arena.testkit.MutableClock;
import dev.arena.testkit.PrivateRedis;
import dev.arena.time.Ticker;
import dev.arena.wire.ForkTaskView;
import dev.arena.wire.RunStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fork replay and the stuck/cancel path on both backends, Redis being a real private redis-server. */
class ForkReplayIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    private final MutableClock clock = MutableClock.startingNow();
    private EventBroker broker;
    private ForkService forks;

    @AfterEach
    void close() {
        if (forks != null) {
            forks.shutdown(Duration.ofSeconds(5));
        }
        if (broker != null) {
            broker.close();
        }
    }

    private void use(String backend) {
        broker = backend.equals("redis")
                ? RedisStreamsBroker.connect(redis.server().url(), "arena-fork-it", BrokerSettings.DEFAULTS, clock)
                : new InProcessEventBroker(BrokerSettings.DEFAULTS, clock);
        forks = new ForkService(broker, clock, Ticker.system(), Duration.ofSeconds(60), true, 0, 2);
    }

    private RunId parent(int events) {
        RunId run = RunId.random();
        broker.openRun(run, Map.of("producer", "it")).join();
        for (int i = 2; i <= events; i++) {
            Event e = Event.of(i % 2 == 0 ? "agent.signal" : "llm.call", Map.of("i", i, "text", "é \"quoted\" " + i))
                    .withPhase(i < 10 ? "analysis" : "strategy")
                    .withCorrelationId("c" + i);
            broker.publish(run, e).join();
        }
        broker.flush(WAIT);
        return run;
    }

    private List<Envelope> all(String run) {
        return broker.read(RunId.parse(run), 1, 10_000);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"inprocess", "redis"})
    void replayedEvents_equalTheParents2ToAtSeq_inOrder(String backend) {
        use(backend);
        RunId parent = parent(40);

        ForkTaskView started = forks.start(new ForkRequest(parent, 25L, null));
        await().atMost(WAIT).until(() -> forks.task(started.name())
                .orElseThrow()
                .state()
                .wireName()
                .equals("done"));

        List<Envelope> parentEvents = broker.read(parent, 2, 24);
        List<Envelope> child = all(started.childRunId());
        assertThat(child.get(0).kind()).isEqualTo("run.start");
        assertThat(child.get(1).kind()).isEqualTo("fork.start");
        assertThat(child.get(1).payload().get("at_seq").asLong()).isEqualTo(25);
        List<Envelope> replayed = child.subList(2, 26);
        assertReplays(replayed, parentEvents);
        assertThat(replayed)
                .extracting(Envelope::phase)
                .isEqualTo(parentEvents.stream().map(Envelope::phase).toList());
        assertThat(child.get(child.size() - 1).kind()).isEqualTo("run.complete");
        assertThat(broker.run(RunId.parse(started.childRunId())).orElseThrow().parentRunId())
                .isEqualTo(parent);
        assertThat(forks.task(started.name()).orElseThrow().eventsReplayed()).isEqualTo(24);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"inprocess", "redis"})
    void stalledFork_isStuckInSimulatedLlmComplete_andShutdownClosesItCancelled(String backend) {
        use(backend);
        RunId parent = parent(10);
        ForkTaskView started = forks.start(new ForkRequest(parent, null, FaultScenario.stallAt(12)));
        await().atMost(WAIT).until(() -> forks.task(started.name()).orElseThrow().stack().stream()
                .anyMatch(f -> f.startsWith("dev.arena.sim.SimulatedLlm.complete(")));

        clock.advance(Duration.ofSeconds(61));
        assertThat(forks.tasks().get(0).stuck()).isTrue();
        forks.shutdown(Duration.ofSeconds(5));

        assertThat(forks.task(started.name()).orElseThrow().state().wireName()).isEqualTo("cancelled");
        await().atMost(WAIT)
                .until(() -> broker.run(RunId.parse(started.childRunId()))
                                .orElseThrow()
                                .status()
                        == RunStatus.CANCELLED);
        List<Envelope> child = all(started.childRunId());
        assertThat(child.get(child.size() - 1).kind()).isEqualTo("run.cancelled");
        assertThat(child).extracting(Envelope::kind).containsOnlyOnce("run.cancelled");
    }
}
