package dev.arena.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.config.BrokerSettings;
import dev.arena.json.Json;
import dev.arena.testkit.MutableClock;
import dev.arena.wire.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The broker contract (docs/design.md, "Broker contract"), run unchanged against every backend. A subclass supplies fresh
 * brokers; everything it creates is closed after each test.
 */
public abstract class BrokerContractTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<EventBroker> created = Collections.synchronizedList(new ArrayList<>());

    /** A fresh broker of the backend under test; state from earlier tests must not be visible. */
    protected abstract EventBroker createBroker(BrokerSettings settings, Clock clock);

    protected final EventBroker broker(BrokerSettings settings, Clock clock) {
        EventBroker b = createBroker(settings, clock);
        created.add(b);
        return b;
    }

    protected final EventBroker broker() {
        return broker(BrokerSettings.DEFAULTS, Clock.systemUTC());
    }

    @AfterEach
    void closeBrokers() {
        for (EventBroker b : created) {
            b.close();
        }
        created.clear();
    }

    /** A new run opened on {@code b} with no attributes. */
    static RunId opened(EventBroker b) {
        RunId run = RunId.random();
        seqOf(b.openRun(run, Map.of()));
        return run;
    }

    static long seqOf(CompletableFuture<Long> f) {
        return f.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    static List<Envelope> drain(Subscription sub) throws InterruptedException {
        List<Envelope> out = new ArrayList<>();
        while (!sub.isFinished()) {
            Envelope e = sub.take(WAIT);
            if (e == null) {
                if (sub.isFinished()) {
                    break;
                }
                throw new AssertionError("no event within " + WAIT + " after seq " + (sub.nextSeq() - 1));
            }
            out.add(e);
        }
        return out;
    }

    /** The failure of a call, whether thrown at once or delivered through its future. */
    static Throwable failureOf(Supplier<CompletableFuture<Long>> call) {
        try {
            call.get().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        } catch (CompletionException e) {
            return e.getCause();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected the call to fail");
    }

    private static void assertContiguousFrom(List<Envelope> events, long first) {
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).seq()).as("seq at index %d", i).isEqualTo(first + i);
        }
    }

    @Test
    void openRun_publishesRunStartAtSeq1_thenSeqsAreContiguous() {
        EventBroker b = broker();
        RunId run = RunId.random();
        assertThat(seqOf(b.openRun(run, Map.of("scenario", "contract")))).isEqualTo(1);
        for (int i = 2; i <= 20; i++) {
            assertThat(seqOf(b.publish(run, Event.of("agent.signal", Map.of("i", i)))))
                    .isEqualTo(i);
        }
        b.flush(WAIT);
        List<Envelope> all = b.read(run, 1, 100);
        assertThat(all).hasSize(20);
        assertThat(all.get(0).kind()).isEqualTo("run.start");
        assertThat(all.get(0).payload().get("scenario").asText()).isEqualTo("contract");
        assertContiguousFrom(all, 1);
    }

    @Test
    void envelope_hasTheWireShapeOfSection3_andCarriesUnknownKinds() {
        EventBroker b = broker();
        RunId run = opened(b);
        Event event = Event.of("custom.never_seen_before", Map.of("answer", 42, "nested", Map.of("ok", true)))
                .withPhase("analysis")
                .withCorrelationId("c-1");
        seqOf(b.publish(run, event));
        b.flush(WAIT);
        Envelope e = b.read(run, 2, 1).get(0);
        String expected = "{\"schema_version\":\"1\",\"run_id\":\"" + run + "\",\"seq\":2,"
                + "\"kind\":\"custom.never_seen_before\",\"ts\":\"" + Envelope.formatTs(e.ts()) + "\","
                + "\"phase\":\"analysis\",\"correlation_id\":\"c-1\","
                + "\"payload\":" + event.payloadJson() + "}";
        assertThat(e.toJson()).isEqualTo(expected);
        assertThat(Envelope.formatTs(e.ts())).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        JsonNode parsed = Json.parse(e.toJson());
        assertThat(parsed.get("payload").get("nested").get("ok").asBoolean()).isTrue();
    }

    @Test
    void payloadThatCannotBeSerialised_isPublishedInItsBestJsonForm() {
        EventBroker b = broker();
        RunId run = opened(b);
        Object unserialisable = new Object() {
            @SuppressWarnings("unused")
            public Object getSelf() {
                return this;
            }

            @Override
            public String toString() {
                return "weird-object";
            }
        };
        seqOf(b.publish(run, Event.of("agent.signal", Map.of("thing", unserialisable, "n", 1))));
        b.flush(WAIT);
        JsonNode payload = b.read(run, 2, 1).get(0).payload();
        assertThat(payload.get("n").asInt()).isEqualTo(1);
        assertThat(payload.get("thing").asText()).isEqualTo("weird-object");
    }

    @Test
    void subscribeAfterClose_drainsEverythingThenFinishes() throws Exception {
        EventBroker b = broker();
        RunId run = opened(b);
        for (int i = 0; i < 100; i++) {
            b.publish(run, Event.of("agent.signal", Map.of("i", i)));
        }
        seqOf(b.closeRun(run, RunOutcome.COMPLETE, Map.of("winner", "a")));
        b.flush(WAIT);
        try (Subscription sub = b.subscribe(run, 1)) {
            List<Envelope> got = drain(sub);
            assertThat(got).hasSize(102);
            assertContiguousFrom(got, 1);
            assertThat(got.get(101).kind()).isEqualTo("run.complete");
            assertThat(sub.isFinished()).isTrue();
            assertThat(sub.poll()).isNull();
        }
        assertThat(b.run(run)).get().extracting(RunInfo::status).isEqualTo(RunStatus.COMPLETE);
    }

    @Test
    void liveTail_deliversEventsPublishedAfterSubscribing_inOrder_withoutGapsOrDuplicates() throws Exception {
        EventBroker b = broker();
        RunId run = opened(b);
        try (Subscription sub = b.subscribe(run, 1)) {
            ExecutorService producer = Executors.newSingleThreadExecutor();
            try {
                producer.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        b.publish(run, Event.of("agent.signal", Map.of("i", i)));
                    }
                    b.closeRun(run, RunOutcome.COMPLETE, Map.of());
                    b.flush(WAIT);
                });
                List<Envelope> got = drain(sub);
                assertThat(got).hasSize(302);
                assertContiguousFrom(got, 1);
                assertThat(got.get(got.size() - 1).isTerminal()).isTrue();
            } finally {
                producer.shutdownNow();
            }
        }
    }

    @Test
    void subscribeFromMiddle_startsAtThatSeq() throws Exception {
        EventBroker b = broker();
        RunId run = opened(b);
        for (int i = 0; i < 30; i++) {
            b.publish(run, Event.of("agent.signal", Map.of("i", i)));
        }
        seqOf(b.closeRun(run, RunOutcome.ERROR, Map.of("error", "boom")));
        try (Subscription sub = b.subscribe(run, 25)) {
            List<Envelope> got = drain(sub);
            assertContiguousFrom(got, 25);
            assertThat(got.get(got.size() - 1).kind()).isEqualTo("run.error");
        }
    }

    @Test
    void overflow_whenFromSeqIsOlderThanTheRetainedHead_reportsAvailableFrom() {
        EventBroker b = broker(BrokerSettings.DEFAULTS.withStreamMaxLen(10), Clock.systemUTC());
        RunId run = opened(b);
        for (int i = 0; i < 1000; i++) {
            b.publish(run, Event.of("agent.signal", Map.of("i", i)));
        }
        b.flush(WAIT);
        RunInfo info = b.run(run).orElseThrow();
        assertThat(info.headSeq()).isGreaterThan(1);
        assertThat(info.length()).isGreaterThanOrEqualTo(10);
        assertThat(info.lastSeq()).isEqualTo(1001);
        try (Subscription sub = b.subscribe(run, 1)) {
            assertThatThrownBy(() -> sub.take(WAIT)).isInstanceOfSatisfying(BrokerOverflowException.class, e -> {
                assertThat(e.requested()).isEqualTo(1);
                assertThat(e.availableFrom()).isEqualTo(b.run(run).orElseThrow().headSeq());
            });
        }
        assertThatThrownBy(() -> b.read(run, 1, 10)).isInstanceOf(BrokerOverflowException.class);
        assertThat(b.metrics().streamsDropped()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void overflow_whenSubscriberFallsBehind_reportsAvailableFrom_andResumeThereIsContiguous() throws Exception {
        fallBehindBy(2000);
    }

    /**
     * A fast reader on the same run keeps any local read cache at the live edge while the slow one
     * lags past retention: the slow reader must still get overflow, never events the backend no
     * longer retains.
     */
    @Test
    void overflow_whenSubscriberFallsBehindWhileAnotherKeepsUp_isNotHiddenByAnyLocalCache() throws Exception {
        EventBroker b = broker(BrokerSettings.DEFAULTS.withStreamMaxLen(10), Clock.systemUTC());
        RunId run = opened(b);
        try (Subscription slow = b.subscribe(run, 1);
                Subscription fast = b.subscribe(run, 1)) {
            assertThat(slow.take(WAIT).seq()).isEqualTo(1);
            assertThat(fast.take(WAIT).seq()).isEqualTo(1);
            for (int i = 0; i < 300; i++) {
                long seq = seqOf(b.publish(run, Event.of("agent.signal", Map.of("i", i))));
                Envelope seen = fast.take(WAIT);
                assertThat(seen).isNotNull().extracting(Envelope::seq).isEqualTo(seq);
            }
            b.flush(WAIT);
            assertThat(b.run(run).orElseThrow().headSeq())
                    .as("retention trimmed the slow reader's next seq")
                    .isGreaterThan(2);
            assertThatThrownBy(() -> drain(slow))
                    .isInstanceOfSatisfying(BrokerOverflowException.class, e -> assertThat(e.requested())
                            .isEqualTo(2));
        }
    }

    private void fallBehindBy(int published) throws Exception {
        EventBroker b = broker(BrokerSettings.DEFAULTS.withStreamMaxLen(10), Clock.systemUTC());
        RunId run = opened(b);
        try (Subscription slow = b.subscribe(run, 1)) {
            assertThat(slow.take(WAIT).seq()).isEqualTo(1);
            for (int i = 0; i < published; i++) {
                b.publish(run, Event.of("agent.signal", Map.of("i", i)));
            }
            seqOf(b.closeRun(run, RunOutcome.COMPLETE, Map.of()));
            b.flush(WAIT);
            AtomicReference<BrokerOverflowException> overflow = new AtomicReference<>();
            List<Envelope> before = new ArrayList<>();
            try {
                before.addAll(drain(slow));
            } catch (BrokerOverflowException e) {
                overflow.set(e);
            }
            assertThat(overflow.get())
                    .as("a reader that fell behind must get overflow, never a silent skip")
                    .isNotNull();
            assertContiguousFrom(before, 2);
            long availableFrom = overflow.get().availableFrom();
            assertThat(availableFrom).isGreaterThan(overflow.get().requested());
            try (Subscription resumed = b.subscribe(run, availableFrom)) {
                List<Envelope> rest = drain(resumed);
                assertContiguousFrom(rest, availableFrom);
                assertThat(rest.get(rest.size() - 1).seq()).isEqualTo(published + 2);
            }
        }
    }

    @Test
    void concurrentProducersOnOneRun_getUniqueContiguousSeqs() throws Exception {
        EventBroker b = broker();
        RunId run = opened(b);
        int threads = 8;
        int each = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ConcurrentLinkedQueue<Long> seqs = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int producer = t;
            done.add(pool.submit(() -> {
                go.await();
                List<CompletableFuture<Long>> mine = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    mine.add(b.publish(run, Event.of("agent.signal", Map.of("p", producer, "i", i))));
                }
                for (CompletableFuture<Long> f : mine) {
                    seqs.add(seqOf(f));
                }
                return null;
            }));
        }
        go.countDown();
        for (var f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        seqOf(b.closeRun(run, RunOutcome.COMPLETE, Map.of()));
        assertThat(seqs).hasSize(threads * each).doesNotHaveDuplicates();
        assertThat(seqs).allSatisfy(s -> assertThat(s).isBetween(2L, 1L + threads * each));
        try (Subscription sub = b.subscribe(run, 1)) {
            List<Envelope> all = drain(sub);
            assertContiguousFrom(all, 1);
            assertThat(all).hasSize(threads * each + 2);
            // Each producer's own events keep the order it published them in.
            for (int p = 0; p < threads; p++) {
                int producer = p;
                List<Integer> order = all.stream()
                        .filter(e -> e.kind().equals("agent.signal"))
                        .map(Envelope::payload)
                        .filter(n -> n.get("p").asInt() == producer)
                        .map(n -> n.get("i").asInt())
                        .toList();
                assertThat(order).isSorted().hasSize(each);
            }
        }
    }

    @Test
    void manySubscribers_eachReceiveEveryEventInOrder_withoutAThreadEach() throws Exception {
        EventBroker b = broker();
        RunId run = opened(b);
        int readers = 200;
        int events = 50;
        List<Subscription> subs = new ArrayList<>();
        List<RecordingSubscriber> recorders = new ArrayList<>();
        CountDownLatch finished = new CountDownLatch(readers);
        for (int r = 0; r < readers; r++) {
            Subscription sub = b.subscribe(run, 1);
            subs.add(sub);
            recorders.add(RecordingSubscriber.start(sub, finished));
        }
        await().atMost(WAIT).until(() -> b.metrics().subscribers() >= readers);
        for (int i = 0; i < events; i++) {
            b.publish(run, Event.of("agent.signal", Map.of("i", i)));
        }
        seqOf(b.closeRun(run, RunOutcome.COMPLETE, Map.of()));
        assertThat(finished.await(30, TimeUnit.SECONDS))
                .as("every reader saw the terminal event")
                .isTrue();
        for (RecordingSubscriber recorder : recorders) {
            assertThat(recorder.errors()).isZero();
            assertThat(recorder.seen()).hasSize(events + 2).isSorted().doesNotHaveDuplicates();
        }
        assertThat(b.metrics().eventsStreamed()).isGreaterThanOrEqualTo((long) readers * (events + 2));
        subs.forEach(Subscription::close);
        await().atMost(WAIT).until(() -> b.metrics().subscribers() == 0);
    }

    @Test
    void misuse_isRejectedWithClearErrors() {
        EventBroker b = broker();
        RunId run = RunId.random();
        assertThat(failureOf(() -> b.publish(run, Event.of("agent.signal"))))
                .isInstanceOf(UnknownRunException.class)
                .hasMessageContaining(run.value());
        assertThatThrownBy(() -> b.subscribe(run, 1)).isInstanceOf(UnknownRunException.class);
        seqOf(b.openRun(run, Map.of()));
        assertThat(failureOf(() -> b.openRun(run, Map.of()))).isInstanceOf(IllegalStateException.class);
        seqOf(b.closeRun(run, RunOutcome.COMPLETE, Map.of()));
        assertThat(failureOf(() -> b.publish(run, Event.of("agent.signal")))).isInstanceOf(RunClosedException.class);
        assertThat(failureOf(() -> b.closeRun(run, RunOutcome.ERROR, Map.of()))).isInstanceOf(RunClosedException.class);
        assertThat(b.read(run, 1, 10)).extracting(Envelope::kind).containsExactly("run.start", "run.complete");
    }

    @Test
    void oversizedEnvelope_isRefused_andNothingIsPublished() {
        EventBroker b = broker(BrokerSettings.DEFAULTS.withMaxEventBytes(1024), Clock.systemUTC());
        RunId run = opened(b);
        Event big = Event.of("agent.signal", Map.of("blob", "x".repeat(2000)));
        assertThat(failureOf(() -> b.publish(run, big)))
                .isInstanceOf(EventTooLargeException.class)
                .hasMessageContaining("ARENA_MAX_EVENT_BYTES");
        assertThat(seqOf(b.publish(run, Event.of("agent.signal", Map.of("small", true)))))
                .isEqualTo(2);
        b.flush(WAIT);
        assertThat(b.read(run, 1, 10)).hasSize(2);
    }

    @Test
    void reaper_reapsRunsIdlePastGrace_persistingBeforeDropping() {
        MutableClock clock = MutableClock.startingNow();
        EventBroker b = broker(BrokerSettings.DEFAULTS, clock);
        RunId idle = RunId.random();
        RunId busy = RunId.random();
        seqOf(b.openRun(idle, Map.of()));
        seqOf(b.publish(idle, Event.of("agent.signal")));
        seqOf(b.openRun(busy, Map.of()));
        clock.advance(Duration.ofMinutes(31));
        seqOf(b.publish(busy, Event.of("agent.signal")));
        List<List<Envelope>> persisted = new ArrayList<>();
        Reaper reaper = new Reaper(b, clock, Duration.ofMinutes(30), (info, retained) -> persisted.add(retained));
        long reapedBefore = b.metrics().runsReaped();

        assertThat(reaper.reapIdle()).containsExactly(idle);

        assertThat(persisted).hasSize(1);
        List<Envelope> saved = persisted.get(0);
        assertThat(saved).extracting(Envelope::kind).containsExactly("run.start", "agent.signal", "run.reaped");
        assertThat(b.run(idle)).isEmpty();
        assertThat(b.run(busy)).get().extracting(RunInfo::status).isEqualTo(RunStatus.RUNNING);
        assertThat(b.metrics().runsReaped() - reapedBefore).isEqualTo(1);
    }

    @Test
    void reaper_keepsTheRunWhenPersistingFails() {
        MutableClock clock = MutableClock.startingNow();
        EventBroker b = broker(BrokerSettings.DEFAULTS, clock);
        RunId run = opened(b);
        clock.advance(Duration.ofHours(1));
        Reaper reaper = new Reaper(b, clock, Duration.ofMinutes(30), (info, retained) -> {
            throw new IllegalStateException("disk full");
        });
        assertThat(reaper.reapIdle()).isEmpty();
        assertThat(b.run(run)).get().extracting(RunInfo::status).isEqualTo(RunStatus.REAPED);
        assertThat(b.read(run, 1, 10)).extracting(Envelope::kind).containsExactly("run.start", "run.reaped");
    }

    @Test
    void trimBefore_removesExactlyTheEventsBelowTheSeq_andReadersBehindSeeOverflowFromTheNewHead() {
        EventBroker b = broker();
        RunId run = opened(b);
        for (int i = 0; i < 19; i++) {
            seqOf(b.publish(run, Event.of("agent.signal", Map.of("i", i))));
        }

        assertThat(b.trimBefore(run, 8)).isEqualTo(7);

        RunInfo info = b.run(run).orElseThrow();
        assertThat(info.headSeq()).isEqualTo(8);
        assertThat(info.length()).isEqualTo(13);
        assertThat(info.lastSeq()).isEqualTo(20);
        assertThat(info.status()).isEqualTo(RunStatus.RUNNING);
        assertThatThrownBy(() -> b.read(run, 1, 10))
                .isInstanceOfSatisfying(BrokerOverflowException.class, e -> assertThat(e.availableFrom())
                        .isEqualTo(8));
        assertContiguousFrom(b.read(run, 8, 100), 8);
        assertThat(b.read(run, 8, 100)).hasSize(13);
        try (Subscription sub = b.subscribe(run, 3)) {
            assertThatThrownBy(() -> sub.take(WAIT))
                    .isInstanceOfSatisfying(BrokerOverflowException.class, e -> assertThat(e.availableFrom())
                            .isEqualTo(8));
        }
        assertThat(b.trimBefore(run, 5)).as("nothing is left below 5").isZero();
        assertThat(seqOf(b.publish(run, Event.of("agent.signal", Map.of())))).isEqualTo(21);
    }

    @Test
    void trimBefore_neverRemovesTheNewestEvent_norCreatesAnUnknownRun() {
        EventBroker b = broker();
        RunId run = opened(b);
        for (int i = 0; i < 4; i++) {
            seqOf(b.publish(run, Event.of("agent.signal", Map.of("i", i))));
        }

        assertThat(b.trimBefore(run, 1_000)).isEqualTo(4);

        RunInfo info = b.run(run).orElseThrow();
        assertThat(info.headSeq()).isEqualTo(5);
        assertThat(info.length()).isEqualTo(1);
        assertThat(info.lastSeq()).isEqualTo(5);
        assertThat(b.read(run, 5, 10)).extracting(Envelope::seq).containsExactly(5L);
        RunId unknown = RunId.random();
        assertThat(b.trimBefore(unknown, 10)).isZero();
        assertThat(b.run(unknown)).isEmpty();
    }

    @Test
    void drop_wakesAWaitingReaderWithOverflow_neverLeavingItWaiting() throws Exception {
        EventBroker b = broker();
        RunId run = opened(b);
        try (Subscription sub = b.subscribe(run, 1)) {
            assertThat(sub.take(WAIT).seq()).isEqualTo(1);
            CountDownLatch woken = new CountDownLatch(1);
            sub.onReady(woken::countDown);
            b.drop(run);
            assertThat(woken.await(10, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(sub::poll).isInstanceOf(BrokerOverflowException.class);
        }
        assertThat(b.run(run)).isEmpty();
    }

    @Test
    void aReaderCallbackThatThrows_doesNotFailThePublishThatWokeIt() throws Exception {
        EventBroker b = broker();
        RunId run = opened(b);
        try (Subscription sub = b.subscribe(run, 1)) {
            assertThat(sub.take(WAIT).seq()).isEqualTo(1);
            CountDownLatch woken = new CountDownLatch(1);
            sub.onReady(() -> {
                woken.countDown();
                throw new IllegalStateException("reader gone");
            });
            long seq = seqOf(b.publish(run, Event.of("agent.step")));
            assertThat(woken.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(seq).isEqualTo(2);
            assertThat(sub.take(WAIT).kind()).isEqualTo("agent.step");
        }
    }

    @Test
    void runs_listOpenAndClosedRuns_newestFirst_withStats() {
        MutableClock clock = MutableClock.startingNow();
        EventBroker b = broker(BrokerSettings.DEFAULTS, clock);
        RunId parent = RunId.random();
        seqOf(b.openRun(parent, Map.of()));
        seqOf(b.closeRun(parent, RunOutcome.COMPLETE, Map.of()));
        clock.advance(Duration.ofSeconds(5));
        RunId child = RunId.random();
        seqOf(b.openRun(child, Map.of("parent_run_id", parent.value(), "at_seq", 1)));
        seqOf(b.publish(child, Event.of("fork.start", Map.of("parent_run_id", parent.value()))));
        b.flush(WAIT);

        List<RunInfo> runs = b.runs().stream()
                .filter(r -> r.runId().equals(parent) || r.runId().equals(child))
                .toList();
        assertThat(runs).extracting(RunInfo::runId).containsExactly(child, parent);
        RunInfo c = runs.get(0);
        assertThat(c.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(c.parentRunId()).isEqualTo(parent);
        assertThat(c.headSeq()).isEqualTo(1);
        assertThat(c.lastSeq()).isEqualTo(2);
        assertThat(c.length()).isEqualTo(2);
        assertThat(c.lastEventAt()).isNotNull();
        RunInfo p = runs.get(1);
        assertThat(p.status()).isEqualTo(RunStatus.COMPLETE);
        assertThat(p.finishedAt()).isNotNull();
    }

    @Test
    void metrics_countPublishesOpenRunsAndStreamedEvents() throws Exception {
        EventBroker b = broker();
        BrokerMetrics before = b.metrics();
        RunId run = opened(b);
        for (int i = 0; i < 9; i++) {
            b.publish(run, Event.of("agent.signal"));
        }
        b.flush(WAIT);
        assertThat(b.metrics().eventsPublished() - before.eventsPublished()).isEqualTo(10);
        assertThat(b.metrics().runsOpen() - before.runsOpen()).isEqualTo(1);
        seqOf(b.closeRun(run, RunOutcome.COMPLETE, Map.of()));
        b.flush(WAIT);
        assertThat(b.metrics().runsOpen() - before.runsOpen()).isZero();
        try (Subscription sub = b.subscribe(run, 1)) {
            assertThat(drain(sub)).hasSize(11);
        }
        assertThat(b.metrics().eventsStreamed() - before.eventsStreamed()).isEqualTo(11);
    }

    @Test
    void closedRuns_areForgottenAfterClosedRetention() {
        MutableClock clock = MutableClock.startingNow();
        EventBroker b = broker(BrokerSettings.DEFAULTS.withClosedRetention(Duration.ofMinutes(5)), clock);
        RunId run = opened(b);
        seqOf(b.closeRun(run, RunOutcome.COMPLETE, Map.of()));
        b.flush(WAIT);
        assertThat(b.runs()).extracting(RunInfo::runId).contains(run);
        expireClosedRuns(clock, Duration.ofMinutes(6));
        assertThat(b.runs()).extracting(RunInfo::runId).doesNotContain(run);
    }

    /**
     * Lets closed-run retention elapse. In-process retention follows the injected clock; a backend
     * whose expiry is enforced by a server (Redis TTL) overrides this to make that happen.
     */
    protected void expireClosedRuns(MutableClock clock, Duration by) {
        clock.advance(by);
    }
}
