package dev.arena.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.arena.broker.BrokerOverflowException;
import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.broker.redis.RedisKeys;
import dev.arena.config.BrokerSettings;
import dev.arena.config.StoreLocation;
import dev.arena.coordination.Claims;
import dev.arena.coordination.Expiry;
import dev.arena.fixture.TestBackend;
import dev.arena.fixture.TestServers;
import dev.arena.testkit.MutableClock;
import dev.arena.testkit.PostgresServer;
import dev.arena.testkit.PrivatePostgres;
import dev.arena.time.ManualTicker;
import dev.arena.wire.RunStatus;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code ARENA_STREAM_MAX_AGE} (docs/design.md, "Tiered history"): the archiver of a live run trims from the
 * broker the events older than the max age — judged by their {@code ts}, against a hand-moved clock — but
 * only events the store holds, never the run's newest, and nothing while the store does not answer. On the
 * in-process ring, one Redis and a Redis Cluster, with real DuckDB and PostgreSQL stores.
 */
class StreamMaxAgeIT {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    @RegisterExtension
    static final PrivatePostgres POSTGRES = new PrivatePostgres(PostgresServer.builder());

    private static final Duration MAX_AGE = Duration.ofHours(1);
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final MutableClock clock = MutableClock.startingNow();
    private final ManualTicker ticker = new ManualTicker();

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void archivedEventsOlderThanTheMaxAge_leaveTheBroker_whileTheRunGoesOn_andTheStoreKeepsEveryOne(
            TestBackend backend) {
        EventBroker broker = servers.broker(backend, BrokerSettings.DEFAULTS, clock);
        try (RunStore store = RunStore.open(servers.dir().resolve("age.duckdb"))) {
            Archiver archiver = archiver(broker, store);
            RunId run = open(broker, 10); // seqs 1..11 at T
            clock.advance(Duration.ofMinutes(30));
            publish(broker, run, 5); // 12..16 at T+30m

            archiver.archive();
            assertThat(archiver.archivedThrough(run)).isEqualTo(16);
            assertRetained(backend, broker, run, 1, 16);
            assertThat(archiver.eventsTrimmedByAge()).isZero();

            clock.advance(Duration.ofMinutes(40)); // T+70m: 1..11 are past the hour, 12..16 are 40 minutes old
            archiver.archive();

            assertRetained(backend, broker, run, 12, 5);
            assertThat(archiver.eventsTrimmedByAge()).isEqualTo(11);
            assertThatThrownBy(() -> broker.read(run, 1, 10))
                    .isInstanceOfSatisfying(BrokerOverflowException.class, e -> assertThat(e.availableFrom())
                            .isEqualTo(12));

            publish(broker, run, 3); // 17..19 at T+70m
            archiver.archive();
            assertRetained(backend, broker, run, 12, 8);

            clock.advance(Duration.ofHours(2)); // every event past the hour: all but the newest go
            archiver.archive();
            assertRetained(backend, broker, run, 19, 1);
            RunInfo info = broker.run(run).orElseThrow();
            assertThat(info.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(info.lastSeq()).isEqualTo(19);

            publish(broker, run, 1); // the run goes on: 20, and 19 is now old and not the newest
            archiver.archive();
            assertRetained(backend, broker, run, 20, 1);
            assertThat(archiver.eventsTrimmedByAge()).isEqualTo(19);
            assertThat(archiver.eventsTrimmedUnarchived()).isZero();
            assertThat(store.events(run, 1, 100))
                    .extracting(Envelope::seq)
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, 20).boxed().toList());
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = TestBackend.class,
            names = {"INPROCESS", "REDIS"})
    void eventsTheStoreDoesNotHold_stayInTheBrokerHoweverOld_untilTheStoreHasThem(TestBackend backend) {
        EventBroker broker = servers.broker(backend, BrokerSettings.DEFAULTS, clock);
        String db = "age" + DATABASES.incrementAndGet();
        POSTGRES.server().createDatabase(db);
        try (RunStore store =
                RunStore.open(StoreLocation.parse(POSTGRES.server().url(db)))) {
            Archiver archiver = archiver(broker, store);
            RunId run = open(broker, 10); // 1..11 at T
            archiver.archive();
            assertThat(archiver.archivedThrough(run)).isEqualTo(11);
            publish(broker, run, 10); // 12..21 at T, never archived yet

            POSTGRES.server().stop();
            try {
                clock.advance(Duration.ofHours(2));
                archiver.archive();

                assertThat(archiver.archivedThrough(run)).isEqualTo(11);
                assertRetained(backend, broker, run, 1, 21);
                assertThat(archiver.eventsTrimmedByAge())
                        .as("nothing is trimmed by age in a pass the store does not answer")
                        .isZero();
            } finally {
                POSTGRES.server().start();
            }

            // the server's schedule passes again until the store answers (a pooled connection may be stale once)
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                archiver.archive();
                return archiver.archivedThrough(run) == 21;
            });
            archiver.archive();
            assertRetained(backend, broker, run, 21, 1);
            assertThat(archiver.eventsTrimmedByAge()).isEqualTo(20);
            assertThat(archiver.eventsTrimmedUnarchived()).isZero();
            assertThat(store.events(run, 1, 100))
                    .extracting(Envelope::seq)
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, 21).boxed().toList());
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = TestBackend.class,
            names = {"INPROCESS", "REDIS"})
    void aServerTakingARunOver_agesOutWhatItFindsArchived(TestBackend backend) {
        EventBroker broker = servers.broker(backend, BrokerSettings.DEFAULTS, clock);
        try (RunStore store = RunStore.open(servers.dir().resolve("takeover.duckdb"))) {
            RunId run = open(broker, 10); // 1..11 at T
            new Archiver(broker, store, ticker).archive(); // archived by a server without an age bound
            assertThat(store.lastStoredSeq(run)).isEqualTo(11);
            clock.advance(Duration.ofMinutes(90));
            publish(broker, run, 2); // 12..13 at T+90m

            Archiver next = archiver(broker, store); // a restarted server: knows nothing but the store
            next.archive();

            assertRetained(backend, broker, run, 12, 2);
            assertThat(next.eventsTrimmedByAge()).isEqualTo(11);
        }
    }

    private Archiver archiver(EventBroker broker, RunStore store) {
        return new Archiver(
                broker,
                store,
                ticker,
                Claims.inProcess(ticker, Expiry.FORGET),
                "this-server",
                Duration.ofMinutes(1),
                clock,
                MAX_AGE);
    }

    /** The broker holds {@code length} events of the run from {@code head} on; on Redis also asked with XLEN. */
    private static void assertRetained(TestBackend backend, EventBroker broker, RunId run, long head, long length) {
        RunInfo info = broker.run(run).orElseThrow();
        assertThat(info.headSeq()).as("head seq").isEqualTo(head);
        assertThat(info.length()).as("events retained").isEqualTo(length);
        String key = RedisKeys.events(run);
        switch (backend) {
            case REDIS -> assertThat(servers.redis().command("XLEN", key)).isEqualTo(":" + length);
            case REDIS_CLUSTER ->
                assertThat(servers.cluster().nodeForKey(key).command("XLEN", key))
                        .isEqualTo(":" + length);
            case INPROCESS -> assertThat(broker.read(run, head, 100)).hasSize((int) length);
        }
    }

    private static RunId open(EventBroker broker, int events) {
        RunId run = RunId.random();
        broker.openRun(run, Map.of()).orTimeout(10, TimeUnit.SECONDS).join();
        publish(broker, run, events);
        return run;
    }

    private static void publish(EventBroker broker, RunId run, int events) {
        for (int i = 0; i < events; i++) {
            broker.publish(run, Event.of("agent.signal", Map.of("i", i)))
                    .orTimeout(10, TimeUnit.SECONDS)
                    .join();
        }
    }
}
