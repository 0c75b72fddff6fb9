package dev.arena.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.arena.broker.BrokerException;
import dev.arena.broker.BrokerOverflowException;
import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RecordingSubscriber;
import dev.arena.broker.RunClosedException;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.broker.RunOutcome;
import dev.arena.broker.Subscription;
import dev.arena.broker.UnknownRunException;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.config.BrokerSettings;
import dev.arena.testkit.MutableClock;
import dev.arena.wire.RunStatus;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the Redis backend promises beyond the shared contract: keys, bytes, connections, gaps. */
class RedisStreamsBrokerIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final ProbedRedis REDIS = new ProbedRedis();

    private final List<EventBroker> brokers = new ArrayList<>();

    @AfterEach
    void closeBrokers() {
        brokers.forEach(EventBroker::close);
    }

    private EventBroker broker(String name, BrokerSettings settings, Clock clock) {
        EventBroker b = RedisStreamsBroker.connect(REDIS.server().url(), name, settings, clock);
        brokers.add(b);
        return b;
    }

    private EventBroker broker() {
        return broker("arena-it", BrokerSettings.DEFAULTS, Clock.systemUTC());
    }

    private static long seq(CompletableFuture<Long> f) {
        return f.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    private static String withoutTs(String json) {
        return json.replaceFirst("\"ts\":\"[^\"]+\"", "\"ts\":\"-\"");
    }

    @Test
    void envelopes_areByteIdenticalToTheInProcessBackend_apartFromTs() {
        EventBroker redis = broker();
        InProcessEventBroker local = new InProcessEventBroker();
        RunId run = RunId.random();
        List<Event> events = List.of(
                Event.of("agent.signal", Map.of("text", "h\u00e9llo \"quoted\" \u2713", "n", 1.5)),
                Event.of("llm.call", Map.of("nested", Map.of("list", List.of(1, 2, 3))))
                        .withPhase("analysis"),
                Event.of("decision.emit").withCorrelationId("corr-7").withPhase("act"),
                Event.of("custom.kind_never_seen", Map.of("emoji", "\uD83D\uDE80")));
        Map<String, Object> start = Map.of("parent_run_id", RunId.random().value(), "scenario", "bytes");
        seq(redis.openRun(run, start));
        seq(local.openRun(run, start));
        for (Event e : events) {
            seq(redis.publish(run, e));
            seq(local.publish(run, e));
        }
        seq(redis.closeRun(run, RunOutcome.COMPLETE, Map.of("winner", "b")));
        seq(local.closeRun(run, RunOutcome.COMPLETE, Map.of("winner", "b")));

        List<Envelope> fromRedis = redis.read(run, 1, 100);
        List<Envelope> fromMemory = local.read(run, 1, 100);
        assertThat(fromRedis).hasSize(6);
        for (int i = 0; i < fromRedis.size(); i++) {
            assertThat(withoutTs(fromRedis.get(i).toJson()))
                    .isEqualTo(withoutTs(fromMemory.get(i).toJson()));
        }
        // The stored field is exactly the envelope text.
        List<StreamMessage<String, String>> raw =
                REDIS.probe().redis().xrange(RunKeys.of(run).events, Range.create("-", "+"));
        assertThat(raw).extracting(StreamMessage::getId).containsExactly("1-0", "2-0", "3-0", "4-0", "5-0", "6-0");
        assertThat(raw.get(2).getBody()).containsOnlyKeys("data");
        assertThat(raw.get(2).getBody().get("data")).isEqualTo(fromRedis.get(2).toJson());
    }

    @Test
    void keys_followSection5_andCloseMovesTheRunToClosedRetention() {
        BrokerSettings settings =
                BrokerSettings.DEFAULTS.withRunTtl(Duration.ofHours(6)).withClosedRetention(Duration.ofMinutes(10));
        EventBroker b = broker("arena-it", settings, Clock.systemUTC());
        RunId run = RunId.random();
        String base = "arena:run:{" + run + "}:";
        seq(b.openRun(run, Map.of()));
        seq(b.publish(run, Event.of("agent.signal")));
        b.flush(WAIT);

        assertThat(REDIS.probe().redis().get(base + "open")).isEqualTo("1");
        assertThat(REDIS.probe().redis().pttl(base + "open"))
                .isBetween(Duration.ofHours(5).toMillis(), Duration.ofHours(6).toMillis());
        assertThat(REDIS.probe().redis().get(base + "seq")).isEqualTo("2");
        assertThat(REDIS.probe().redis().xlen(base + "events")).isEqualTo(2);
        assertThat(REDIS.probe().redis().get(RunKeys.PUBLISHED)).isEqualTo("2");
        long seqTtl = REDIS.probe().redis().pttl(base + "seq");
        assertThat(REDIS.probe().redis().pttl(base + "events")).isCloseTo(seqTtl, Offset.offset(1_000L));

        seq(b.closeRun(run, RunOutcome.COMPLETE, Map.of()));
        b.flush(WAIT);
        assertThat(REDIS.probe().redis().exists(base + "open")).isZero();
        for (String key : List.of(base + "seq", base + "events", base + "meta")) {
            assertThat(REDIS.probe().redis().pttl(key))
                    .as(key)
                    .isBetween(
                            Duration.ofMinutes(9).toMillis(),
                            Duration.ofMinutes(10).toMillis());
        }
        assertThat(REDIS.probe().redis().get(RunKeys.PUBLISHED)).isEqualTo("3");
        assertThat(REDIS.probe().keys("arena:run:*")).allMatch(k -> k.startsWith(base));
    }

    @Test
    void connectionCount_staysFixed_with200SubscribersOn50Runs() throws Exception {
        EventBroker producer = broker("arena-it-producer", BrokerSettings.DEFAULTS, Clock.systemUTC());
        EventBroker server = broker("arena-it-server", BrokerSettings.DEFAULTS, Clock.systemUTC());
        List<RunId> runs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            RunId run = RunId.random();
            runs.add(run);
            seq(producer.openRun(run, Map.of("i", i)));
        }
        await().atMost(WAIT)
                .until(() -> REDIS.probe().clientNames("arena-it-server").size() == 3);
        assertThat(REDIS.probe().clientNames("arena-it-server"))
                .containsExactlyInAnyOrder("arena-it-server", "arena-it-server/pub", "arena-it-server/tail");

        List<Subscription> subs = new ArrayList<>();
        List<RecordingSubscriber> readers = new ArrayList<>();
        CountDownLatch allDone = new CountDownLatch(200);
        for (int i = 0; i < 200; i++) {
            Subscription sub = server.subscribe(runs.get(i % 50), 1);
            subs.add(sub);
            readers.add(RecordingSubscriber.start(sub, allDone));
        }
        assertThat(REDIS.probe().clientNames("arena-it-server")).hasSize(3);
        for (RunId run : runs) {
            for (int k = 0; k < 5; k++) {
                producer.publish(run, Event.of("agent.signal", Map.of("k", k)));
            }
            producer.closeRun(run, RunOutcome.COMPLETE, Map.of());
        }
        assertThat(allDone.await(30, TimeUnit.SECONDS))
                .as("every subscriber read its run to the end")
                .isTrue();
        assertThat(REDIS.probe().clientNames("arena-it-server")).hasSize(3);
        assertThat(readers).allSatisfy(r -> assertThat(r.seen()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L));
        assertThat(server.metrics().eventsStreamed()).isEqualTo(200L * 7);
        subs.forEach(Subscription::close);
    }

    @Test
    void overflowLost_whenTheStreamOfAnOpenRunIsDeletedUnderAWaitingReader() throws Exception {
        EventBroker b = broker();
        RunId run = RunId.random();
        seq(b.openRun(run, Map.of()));
        seq(b.publish(run, Event.of("agent.signal")));
        try (Subscription sub = b.subscribe(run, 1)) {
            assertThat(sub.take(WAIT).seq()).isEqualTo(1);
            assertThat(sub.take(WAIT).seq()).isEqualTo(2);
            CountDownLatch woken = new CountDownLatch(1);
            sub.onReady(woken::countDown);
            REDIS.probe().redis().del(RunKeys.of(run).events); // another process (or expiry) removes it
            assertThat(woken.await(10, TimeUnit.SECONDS))
                    .as("the waiting reader is woken")
                    .isTrue();
            assertThatThrownBy(sub::poll).isInstanceOfSatisfying(BrokerOverflowException.class, e -> {
                assertThat(e.requested()).isEqualTo(3);
                assertThat(e.reason())
                        .isEqualTo(BrokerOverflowException.Reason.LOST); // lost, not trimmed: no seq to resume from
                assertThat(e.getMessage()).contains("will never exist");
            });
        }
        assertThat(b.metrics().streamsDropped()).isEqualTo(1);
        assertThat(b.metrics().runsLost()).isEqualTo(1);
    }

    @Test
    void overflow_whenTrimmedPastALiveReader_availableFromIsTheStreamsFirstEntry() throws Exception {
        EventBroker b = broker("arena-it", BrokerSettings.DEFAULTS.withStreamMaxLen(5), Clock.systemUTC());
        RunId run = RunId.random();
        seq(b.openRun(run, Map.of()));
        try (Subscription sub = b.subscribe(run, 1)) {
            assertThat(sub.take(WAIT).seq()).isEqualTo(1);
            for (int i = 0; i < 3000; i++) {
                b.publish(run, Event.of("agent.signal", Map.of("i", i)));
            }
            b.flush(WAIT);
            long head = RunKeys.seqOf(REDIS.probe()
                    .redis()
                    .xrange(RunKeys.of(run).events, Range.create("-", "+"), Limit.from(1))
                    .get(0)
                    .getId());
            BrokerOverflowException overflow = null;
            long expected = 2;
            try {
                Envelope e;
                while ((e = sub.take(WAIT)) != null) {
                    assertThat(e.seq()).isEqualTo(expected++);
                }
            } catch (BrokerOverflowException o) {
                overflow = o;
            }
            assertThat(overflow).isNotNull();
            assertThat(overflow.requested()).isEqualTo(expected);
            assertThat(overflow.availableFrom()).isGreaterThan(expected).isLessThanOrEqualTo(head);
            assertThat(overflow.reason()).isEqualTo(BrokerOverflowException.Reason.TRIMMED);
        }
    }

    @Test
    void subscribingBelowTheRetainedHead_theFirstPollReportsOverflow() {
        EventBroker b = broker("arena-it", BrokerSettings.DEFAULTS.withStreamMaxLen(5), Clock.systemUTC());
        RunId run = RunId.random();
        seq(b.openRun(run, Map.of()));
        for (int i = 0; i < 500; i++) {
            b.publish(run, Event.of("agent.signal"));
        }
        b.flush(WAIT);
        long head = b.run(run).orElseThrow().headSeq();
        assertThat(head).isGreaterThan(1);
        try (Subscription sub = b.subscribe(run, 1)) {
            assertThatThrownBy(sub::poll)
                    .isInstanceOfSatisfying(BrokerOverflowException.class, e -> assertThat(e.availableFrom())
                            .isEqualTo(head));
            assertThat(sub.isFinished()).isTrue();
        }
    }

    @Test
    void counterReset_underAnExistingStream_isReported_andNothingIsWritten() {
        EventBroker b = broker();
        RunId run = RunId.random();
        seq(b.openRun(run, Map.of()));
        seq(b.publish(run, Event.of("agent.signal")));
        REDIS.probe().redis().del(RunKeys.of(run).seq); // e.g. :seq expired before :events
        CompletableFuture<Long> f = b.publish(run, Event.of("agent.signal"));
        assertThatThrownBy(() -> seq(f))
                .hasCauseInstanceOf(BrokerException.class)
                .hasMessageContaining("seq counter is missing while the stream exists");
        REDIS.probe().redis().set(RunKeys.of(run).seq, "1"); // a counter behind the stream is refused too
        assertThatThrownBy(() -> seq(b.publish(run, Event.of("agent.signal"))))
                .hasMessageContaining("is behind the stream");
        assertThat(REDIS.probe().redis().xlen(RunKeys.of(run).events)).isEqualTo(2);
        assertThat(b.metrics().publishFailures()).isEqualTo(2);
    }

    @Test
    void aSecondBrokerOnTheSameRedis_seesRunsEventsAndSharedCounters() throws Exception {
        MutableClock clock = MutableClock.startingNow();
        EventBroker producer = broker("arena-it-cli", BrokerSettings.DEFAULTS, clock);
        EventBroker reader = broker("arena-it-server", BrokerSettings.DEFAULTS, clock);
        RunId parent = RunId.random();
        RunId run = RunId.random();
        Instant started = clock.instant();
        seq(producer.openRun(run, Map.of("parent_run_id", parent.value())));
        try (Subscription sub = reader.subscribe(run, 1)) {
            assertThat(sub.take(WAIT).kind()).isEqualTo("run.start");
            seq(reader.publish(run, Event.of("agent.signal", Map.of("from", "reader"))));
            seq(producer.publish(run, Event.of("agent.signal", Map.of("from", "producer"))));
            assertThat(sub.take(WAIT).seq()).isEqualTo(2);
            assertThat(sub.take(WAIT).seq()).isEqualTo(3);
        }
        producer.flush(WAIT);
        reader.flush(WAIT);
        assertThat(reader.metrics().eventsPublished()).isEqualTo(3);
        assertThat(reader.metrics().runsOpen()).isEqualTo(1);
        RunInfo info = reader.run(run).orElseThrow();
        assertThat(info.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(info.parentRunId()).isEqualTo(parent);
        assertThat(info.startedAt())
                .isEqualTo(Envelope.of(run, 1, Event.of("x"), started).ts());
        assertThat(info.sentinelTtl()).isPositive();
        assertThat(info.headSeq()).isEqualTo(1);
        assertThat(info.lastSeq()).isEqualTo(3);
        seq(producer.closeRun(run, RunOutcome.ERROR, Map.of()));
        assertThat(reader.run(run).orElseThrow().status()).isEqualTo(RunStatus.ERROR);
        assertThat(reader.run(run).orElseThrow().sentinelTtl()).isNull();
        assertThatThrownBy(() -> seq(reader.publish(run, Event.of("agent.signal"))))
                .hasCauseInstanceOf(RunClosedException.class);
    }

    @Test
    void scriptCacheFlushed_publishReloadsTheScript_andGoesOn() {
        EventBroker b = broker();
        RunId run = RunId.random();
        seq(b.openRun(run, Map.of()));
        REDIS.probe().redis().scriptFlush(); // as after a Redis restart or an operator's SCRIPT FLUSH
        assertThat(seq(b.publish(run, Event.of("agent.signal")))).isEqualTo(2);
        assertThat(REDIS.probe().redis().xlen(RunKeys.of(run).events)).isEqualTo(2);
        assertThat(b.metrics().publishFailures()).isZero();
    }

    @Test
    void largeEvents_goOutInSeveralBoundedPipelines_andAllLand() {
        EventBroker b = broker();
        RunId run = RunId.random();
        seq(b.openRun(run, Map.of()));
        String blob = "y".repeat(200_000);
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < 60; i++) { // ~12 MB, more than one publish cycle may carry
            futures.add(b.publish(run, Event.of("llm.call", Map.of("i", i, "blob", blob))));
        }
        b.flush(Duration.ofSeconds(30));
        assertThat(futures)
                .extracting(CompletableFuture::join)
                .containsExactlyElementsOf(LongStream.rangeClosed(2, 61).boxed().toList());
        assertThat(REDIS.probe().redis().xlen(RunKeys.of(run).events)).isEqualTo(61);
    }

    @Test
    void aRunWithoutAnyKeys_isUnknownEverywhere_andDropDeletesAllItsKeys() {
        EventBroker b = broker();
        RunId run = RunId.random();
        assertThat(b.run(run)).isEmpty();
        assertThatThrownBy(() -> b.read(run, 1, 10)).isInstanceOf(UnknownRunException.class);
        seq(b.openRun(run, Map.of()));
        seq(b.closeRun(run, RunOutcome.COMPLETE, Map.of()));
        assertThat(REDIS.probe().keys("arena:run:*")).hasSize(3);
        b.drop(run);
        assertThat(REDIS.probe().keys("arena:run:*")).isEmpty();
        assertThat(b.runs()).isEmpty();
    }
}
