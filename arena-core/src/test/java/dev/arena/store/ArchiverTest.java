package dev.arena.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.Reaper;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.config.BrokerSettings;
import dev.arena.coordination.Claims;
import dev.arena.coordination.Expiry;
import dev.arena.testkit.MutableClock;
import dev.arena.time.ManualTicker;
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
import org.slf4j.LoggerFactory;

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
    void archive_completesEachEndedRunOnce_andKeepsOpenRunsRunningInTheStore() {
        try (EventBroker broker = new InProcessEventBroker(BrokerSettings.DEFAULTS, Clock.systemUTC());
                RunStore store = RunStore.open(dir.resolve("a.duckdb"))) {
            Archiver archiver = new Archiver(broker, store, Ticker.system());
            RunId open = run(broker, 3);
            RunId ended = run(broker, 3);
            broker.closeRun(ended, RunOutcome.ERROR, Map.of("why", "test")).join();

            assertThat(archiver.archive()).isEqualTo(1);
            assertThat(archiver.archive()).isZero();
            assertThat(archiver.isArchived(ended)).isTrue();
            assertThat(store.run(open).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
            assertThat(archiver.archivedThrough(open)).isEqualTo(4);
            assertThat(archiver.isArchived(open)).isFalse();
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
            assertThat(new Archiver(broker, store, Ticker.system()).archive()).isZero();
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
            var a = CompletableFuture.supplyAsync(() -> awaitThen(go, first::archive));
            var b = CompletableFuture.supplyAsync(() -> awaitThen(go, second::archive));
            go.countDown();
            int written = a.get(30, TimeUnit.SECONDS) + b.get(30, TimeUnit.SECONDS);

            assertThat(written).isBetween(20, 40);
            assertThat(store.runs(100)).extracting(StoredRun::runId).containsExactlyInAnyOrderElementsOf(ended);
            for (RunId run : ended) {
                assertThat(store.events(run, 1, 100)).extracting(Envelope::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            }
            assertThat(first.archive() + second.archive())
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
    void archive_persistsWhatIsRetained_andCountsAndLogsWhatWasTrimmedBeforeIt() {
        try (EventBroker broker =
                        new InProcessEventBroker(BrokerSettings.DEFAULTS.withStreamMaxLen(5), Clock.systemUTC());
                RunStore store = RunStore.open(dir.resolve("b.duckdb"))) {
            RunId run = run(broker, 20);
            broker.closeRun(run, RunOutcome.COMPLETE, Map.of()).join();
            Archiver archiver = new Archiver(broker, store, Ticker.system());
            List<String> warnings = warningsDuring(archiver::archive);
            assertThat(archiver.eventsTrimmedUnarchived()).isEqualTo(17);
            assertThat(warnings)
                    .singleElement(STRING)
                    .contains("run " + run)
                    .contains("events 1..17 were trimmed from the broker before they were archived");
            StoredRun stored = store.run(run).orElseThrow();
            assertThat(stored.lastSeq()).isEqualTo(22);
            assertThat(stored.eventCount()).isEqualTo(5);
            assertThat(store.firstSeq(run)).isEqualTo(18);
        }
    }

    @Test
    void archive_keepsALiveRunLongerThanTheRingWhole_batchByBatch() {
        try (EventBroker broker =
                        new InProcessEventBroker(BrokerSettings.DEFAULTS.withStreamMaxLen(50), Clock.systemUTC());
                RunStore store = RunStore.open(dir.resolve("live.duckdb"))) {
            Archiver archiver = new Archiver(broker, store, Ticker.system());
            RunId run = run(broker, 0);
            for (int round = 0; round < 40; round++) {
                for (int i = 0; i < 30; i++) {
                    broker.publish(run, Event.of("agent.signal", Map.of("i", i)))
                            .join();
                }
                archiver.archive();
                assertThat(archiver.archivedThrough(run)).isEqualTo(1 + 30L * (round + 1));
                assertThat(archiver.lag()).isEqualTo(ArchiveLag.NONE);
            }
            broker.closeRun(run, RunOutcome.COMPLETE, Map.of()).join();
            assertThat(archiver.archive()).isEqualTo(1);

            assertThat(store.events(run, 1, 5000)).extracting(Envelope::seq).containsExactlyElementsOf(seqs(1, 1202));
            assertThat(store.run(run).orElseThrow().status()).isEqualTo(RunStatus.COMPLETE);
            assertThat(archiver.eventsArchived()).isEqualTo(1202);
            assertThat(archiver.eventsTrimmedUnarchived()).isZero();
        }
    }

    @Test
    void twoArchiversSharingClaims_writeEachEventOfALiveRunOnce() {
        Claims claims = Claims.inProcess(Ticker.system(), Expiry.FORGET);
        try (EventBroker broker = new InProcessEventBroker(BrokerSettings.DEFAULTS, Clock.systemUTC());
                RunStore store = RunStore.open(dir.resolve("two.duckdb"))) {
            Archiver a = new Archiver(broker, store, Ticker.system(), claims, "a", Duration.ofMinutes(1));
            Archiver b = new Archiver(broker, store, Ticker.system(), claims, "b", Duration.ofMinutes(1));
            RunId run = run(broker, 0);
            for (int round = 0; round < 10; round++) {
                for (int i = 0; i < 25; i++) {
                    broker.publish(run, Event.of("agent.signal", Map.of("i", i)))
                            .join();
                }
                b.archive();
                a.archive();
            }
            assertThat(b.lag()).as("b sees a's position through the claim").isEqualTo(ArchiveLag.NONE);
            broker.closeRun(run, RunOutcome.COMPLETE, Map.of()).join();
            a.archive();
            b.archive();

            assertThat(a.eventsArchived() + b.eventsArchived()).isEqualTo(252);
            assertThat(Math.min(a.eventsArchived(), b.eventsArchived())).isZero();
            assertThat(store.events(run, 1, 1000)).extracting(Envelope::seq).containsExactlyElementsOf(seqs(1, 252));
        }
    }

    @Test
    void anArchiverThatStopsRenewing_handsTheRunOverAfterTheTtl_withNothingMissingOrWrittenTwice() {
        ManualTicker ticker = new ManualTicker();
        Claims claims = Claims.inProcess(ticker, Expiry.FORGET);
        try (EventBroker broker = new InProcessEventBroker(BrokerSettings.DEFAULTS, Clock.systemUTC());
                RunStore store = RunStore.open(dir.resolve("handover.duckdb"))) {
            Archiver dies = new Archiver(broker, store, ticker, claims, "dies", Duration.ofSeconds(10));
            Archiver survives = new Archiver(broker, store, ticker, claims, "survives", Duration.ofSeconds(10));
            RunId run = run(broker, 40);
            dies.archive();
            survives.archive();
            for (int i = 0; i < 60; i++) {
                broker.publish(run, Event.of("agent.signal", Map.of("i", i))).join();
            }
            ticker.advance(Duration.ofSeconds(9));
            survives.archive();
            assertThat(survives.eventsArchived()).as("the claim is still fresh").isZero();
            assertThat(survives.lag().events()).isEqualTo(60);
            assertThat(survives.lag().seconds()).isEqualTo(9.0);

            ticker.advance(Duration.ofSeconds(2));
            survives.archive();

            assertThat(dies.eventsArchived()).isEqualTo(41);
            assertThat(survives.eventsArchived()).isEqualTo(60);
            assertThat(store.events(run, 1, 1000)).extracting(Envelope::seq).containsExactlyElementsOf(seqs(1, 101));
        }
    }

    private static List<Long> seqs(long from, long to) {
        return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
    }

    /** The WARN lines the archiver logs while {@code action} runs. */
    private static List<String> warningsDuring(Runnable action) {
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Archiver.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        log.addAppender(appender);
        try {
            action.run();
        } finally {
            log.detachAppender(appender);
        }
        return appender.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
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
