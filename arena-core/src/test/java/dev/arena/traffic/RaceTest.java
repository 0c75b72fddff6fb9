package dev.arena.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.time.Ticker;
import dev.arena.wire.RunStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RaceTest {

    private final InProcessEventBroker broker = new InProcessEventBroker();

    @AfterEach
    void close() {
        broker.close();
    }

    @Test
    void race_publishesEveryRun_closesThemComplete_andCountsWhatTheBrokerHolds() throws InterruptedException {
        ConcurrentLinkedQueue<RunId> forked = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<RaceProgress> progress = new ConcurrentLinkedQueue<>();
        RaceOptions options = new RaceOptions(3, 2_000, Duration.ofMillis(400), 2, 5);

        RaceResult result = new Race(
                        broker,
                        Ticker.system(),
                        options,
                        (parent, index) -> {
                            forked.add(parent);
                            return "fork " + index;
                        },
                        progress::add)
                .run();

        List<RunInfo> runs = broker.runs();
        assertThat(runs).hasSize(3).allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.COMPLETE));
        long held = runs.stream().mapToLong(RunInfo::lastSeq).sum();
        // every run got its run.start and run.complete plus what the race published (how many: TimeBudgetBench)
        assertThat(result.events()).isEqualTo(held).isEqualTo(broker.metrics().eventsPublished());
        assertThat(held).isGreaterThanOrEqualTo(3 * 2);
        assertThat(result.failures()).isZero();
        assertThat(result.forksStarted()).isEqualTo(2);
        assertThat(forked)
                .hasSize(2)
                .allSatisfy(p -> assertThat(runs).extracting(RunInfo::runId).contains(p));
        assertThat(result.stoppedEarly()).isFalse();
        assertThat(result.clean()).isTrue();
        assertThat(progress).isNotEmpty();
        assertThat(progress).last().extracting(RaceProgress::events).isEqualTo(result.events());
    }

    @Test
    void stop_endsTheRaceEarly_andStillClosesEveryRunComplete() throws InterruptedException {
        AtomicReference<Race> race = new AtomicReference<>();
        race.set(new Race(
                broker,
                Ticker.system(),
                new RaceOptions(2, 1_000, Duration.ofMinutes(10), 0, 1),
                ForkLauncher.NONE,
                p -> {
                    if (p.events() > 20) {
                        race.get().stop();
                    }
                }));

        RaceResult result = race.get().run();

        assertThat(result.stoppedEarly()).isTrue();
        assertThat(broker.runs()).hasSize(2).allSatisfy(r -> assertThat(r.status())
                .isEqualTo(RunStatus.COMPLETE));
    }

    @Test
    void interruptingTheRace_closesItsRunsCancelled() throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Race race = new Race(
                broker,
                Ticker.system(),
                new RaceOptions(2, 500, Duration.ofMinutes(10), 0, 1),
                ForkLauncher.NONE,
                p -> {});
        Thread racer = new Thread(
                () -> {
                    try {
                        race.run();
                    } catch (Throwable t) {
                        thrown.set(t);
                    }
                },
                "racer");
        racer.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.metrics().eventsPublished() > 10);
        racer.interrupt();
        racer.join(10_000);

        assertThat(thrown.get()).isInstanceOf(InterruptedException.class).hasMessageContaining("run.cancelled");
        assertThat(broker.runs()).hasSize(2).allSatisfy(r -> assertThat(r.status())
                .isEqualTo(RunStatus.CANCELLED));
    }

    @Test
    void failingForks_areCounted_notFatal() throws InterruptedException {
        RaceResult result = new Race(
                        broker,
                        Ticker.system(),
                        new RaceOptions(1, 200, Duration.ofMillis(200), 1, 1),
                        (parent, index) -> {
                            throw new IllegalStateException("server said no");
                        },
                        p -> {})
                .run();

        assertThat(result.forkFailures()).isEqualTo(1);
        assertThat(result.clean()).isFalse();
        assertThat(broker.runs()).singleElement().extracting(RunInfo::status).isEqualTo(RunStatus.COMPLETE);
    }

    @Test
    void publishesTheBrokerRefuses_areCountedAsFailures_andTheRestRacesOn() throws InterruptedException {
        AtomicReference<RunId> dropped = new AtomicReference<>();
        RaceResult result = new Race(
                        broker,
                        Ticker.system(),
                        new RaceOptions(2, 1_000, Duration.ofMillis(600), 0, 3),
                        ForkLauncher.NONE,
                        p -> {
                            if (p.events() > 20 && dropped.get() == null) {
                                RunId victim = broker.runs().get(0).runId();
                                dropped.set(victim);
                                broker.drop(victim); // as an operator's reap would
                            }
                        })
                .run();

        assertThat(dropped.get()).isNotNull();
        assertThat(result.failures()).isGreaterThan(0);
        assertThat(result.clean()).isFalse();
        assertThat(broker.runs()).singleElement().satisfies(r -> {
            assertThat(r.runId()).isNotEqualTo(dropped.get());
            assertThat(r.status()).isEqualTo(RunStatus.COMPLETE);
        });
    }

    @Test
    void badOptions_nameTheOption() {
        assertThatThrownBy(() -> new RaceOptions(0, 10, Duration.ofSeconds(1), 0, 1))
                .hasMessageContaining("--runs");
        assertThatThrownBy(() -> new RaceOptions(1, 0, Duration.ofSeconds(1), 0, 1))
                .hasMessageContaining("--rate");
        assertThatThrownBy(() -> new RaceOptions(1, 10, Duration.ZERO, 0, 1)).hasMessageContaining("--duration");
        assertThatThrownBy(() -> new RaceOptions(1, 10, Duration.ofSeconds(1), -1, 1))
                .hasMessageContaining("--forks");
    }
}
