package dev.arena.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.Reaper;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.config.BrokerSettings;
import dev.arena.testkit.MutableClock;
import dev.arena.time.Ticker;
import dev.arena.wire.RunStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiverTest {

    @TempDir
    Path dir;

    static RunId run(EventBroker broker, int events) {
        RunId run = RunId.random();
        broker.openRun(run, Map.of("parent_run_id", RunId.random().value())).join();
        for (int i = 0; i < events; i++) {
            broker.publish(run, Event.of("agent.signal", Map.of("i", i))).join();
        }
        return run;
    }

    @Test
    void archiveEnded_writesEachEndedRunOnce_andSkipsOpenRuns() {
        try (EventBroker broker = new InProcessEventBroker(BrokerSettings.DEFAULTS, Clock.systemUTC());
                RunStore store = RunStore.open(dir.resolve("a.duckdb"))) {
            Archiver archiver = new Archiver(broker, store, Ticker.system());
            RunId open = run(broker, 3);
            RunId ended = run(broker, 3);
            broker.closeRun(ended, RunOutcome.ERROR, Map.of("why", "test")).join();

            assertThat(archiver.archiveEnded()).isEqualTo(1);
            assertThat(archiver.archiveEnded()).isZero();
            assertThat(archiver.isArchived(ended)).isTrue();
            assertThat(store.contains(open)).isFalse();
            StoredRun stored = store.run(ended).orElseThrow();
            assertThat(stored.status()).isEqualTo(RunStatus.ERROR);
            assertThat(stored.lastSeq()).isEqualTo(5);
            assertThat(stored.parentRunId()).isNotNull();
            assertThat(store.events(ended, 1, 10))
                    .extracting(Envelope::toJson)
                    .containsExactlyElementsOf(broker.read(ended, 1, 10).stream()
                            .map(Envelope::toJson)
                            .toList());

            // A new archiver (a restarted server) finds it already stored and does not rewrite it.
            assertThat(new Archiver(broker, store, Ticker.system()).archiveEnded())
                    .isZero();
        }
    }

    @Test
    void twoArchiversOverOneStore_racingOnTheSameEndedRuns_leaveOneCopyOfEach() throws Exception {
        try (EventBroker broker = new InProcessEventBroker(BrokerSettings.DEFAULTS, Clock.systemUTC());
                RunStore store = RunStore.open(dir.resolve("shared.duckdb"))) {
            List<RunId> ended = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                RunId run = run(broker, 4);
                broker.closeRun(run, RunOutcome.COMPLETE, Map.of()).join();
                ended.add(run);
            }
            // two servers' archivers see the same runs end and both pass at once: check-then-insert races,
            // so one may write a run the other already wrote; the store's write is idempotent per run
            Archiver first = new Archiver(broker, store, Ticker.system());
            Archiver second = new Archiver(broker, store, Ticker.system());
            CountDownLatch go = new CountDownLatch(1);
            var a = CompletableFuture.supplyAsync(() -> awaitThen(go, first::archiveEnded));
            var b = CompletableFuture.supplyAsync(() -> awaitThen(go, second::archiveEnded));
            go.countDown();
            int written = a.get(30, TimeUnit.SECONDS) + b.get(30, TimeUnit.SECONDS);

            assertThat(written).isBetween(20, 40);
            assertThat(store.runs(100)).extracting(StoredRun::runId).containsExactlyInAnyOrderElementsOf(ended);
            for (RunId run : ended) {
                assertThat(store.events(run, 1, 100)).extracting(Envelope::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            }
            assertThat(first.archiveEnded() + second.archiveEnded())
                    .as("a later pass skips what is stored")
                    .isZero();
        }
    }

    private static int awaitThen(CountDownLatch go, IntSupplier pass) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return pass.getAsInt();
    }

    @Test
    void archiveEnded_persistsWhatIsRetained_whenTheHeadWasTrimmed() {
        try (EventBroker broker =
                        new InProcessEventBroker(BrokerSettings.DEFAULTS.withStreamMaxLen(5), Clock.systemUTC());
                RunStore store = RunStore.open(dir.resolve("b.duckdb"))) {
            RunId run = run(broker, 20);
            broker.closeRun(run, RunOutcome.COMPLETE, Map.of()).join();
            new Archiver(broker, store, Ticker.system()).archiveEnded();
            StoredRun stored = store.run(run).orElseThrow();
            assertThat(stored.lastSeq()).isEqualTo(22);
            assertThat(stored.eventCount()).isEqualTo(5);
            assertThat(store.firstSeq(run)).isEqualTo(18);
        }
    }

    @Test
    void reaperHook_persistsBeforeTheRunIsDropped() {
        MutableClock clock = MutableClock.startingNow();
        try (EventBroker broker = new InProcessEventBroker(BrokerSettings.DEFAULTS, Clock.systemUTC());
                RunStore store = RunStore.open(dir.resolve("c.duckdb"))) {
            Archiver archiver = new Archiver(broker, store, Ticker.system());
            RunId idle = run(broker, 4);
            clock.advance(Duration.ofHours(1));
            Reaper reaper = new Reaper(broker, clock, Duration.ofMinutes(30), archiver.reaperHook());

            assertThat(reaper.reapIdle()).containsExactly(idle);
            assertThat(broker.run(idle)).isEmpty();
            StoredRun stored = store.run(idle).orElseThrow();
            assertThat(stored.status()).isEqualTo(RunStatus.REAPED);
            assertThat(store.events(idle, 1, 100)).hasSize(6).last().satisfies(e -> assertThat(e.kind())
                    .isEqualTo("run.reaped"));
        }
    }
}
