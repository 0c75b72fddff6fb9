package dev.arena.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.RunId;
import dev.arena.wire.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The one contract every {@link RunStore} passes (docs/design.md, "Store"), re-run against each
 * implementation by a subclass that says how to open an empty store and reopen it. The expectations
 * are computed in Java, so both stores are held to the same answers — paging above all.
 */
abstract class RunStoreContract {

    static final Instant T0 = Instant.parse("2026-11-22T06:00:00.123456Z");

    private final List<RunStore> opened = new ArrayList<>();

    /** A new, empty store; the same location each time within one test (see {@link #reopen}). */
    protected abstract RunStore openEmpty();

    /** The store of {@link #openEmpty()} opened again (after its first instance was closed). */
    protected abstract RunStore reopen();

    private RunStore store() {
        RunStore s = openEmpty();
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(RunStore::close);
    }

    static List<Envelope> events(RunId run, int count, String terminal) {
        return events(run, 1, count, terminal);
    }

    static List<Envelope> events(RunId run, int from, int count, String terminal) {
        List<Envelope> out = new ArrayList<>();
        for (int seq = from; seq <= count; seq++) {
            Event e = seq == 1
                    ? Event.of("run.start")
                    : seq == count
                            ? Event.of(terminal)
                            : Event.of("agent.signal", Map.of("n", seq)).withPhase("analysis");
            out.add(Envelope.of(run, seq, e, T0.plusMillis(seq)));
        }
        return out;
    }

    static StoredRun row(RunId run, RunStatus status, Instant started, long last, long count) {
        return new StoredRun(run, null, status, started, started == null ? null : started.plusSeconds(1), last, count);
    }

    @Test
    void persist_thenRead_returnsIdenticalEnvelopesInOrder() {
        RunStore store = store();
        RunId run = RunId.random();
        List<Envelope> events = events(run, 50, "run.complete");
        store.persist(row(run, RunStatus.COMPLETE, T0, 50, 50), events);

        assertThat(store.events(run, 1, 1000))
                .extracting(Envelope::toJson)
                .containsExactlyElementsOf(events.stream().map(Envelope::toJson).toList());
        assertThat(store.events(run, 48, 10)).extracting(Envelope::seq).containsExactly(48L, 49L, 50L);
        assertThat(store.events(run, 1, 5)).extracting(Envelope::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(store.firstSeq(run)).isEqualTo(1);
        assertThat(store.run(run)).get().satisfies(r -> {
            assertThat(r.status()).isEqualTo(RunStatus.COMPLETE);
            assertThat(r.startedAt()).isEqualTo(T0);
            assertThat(r.finishedAt()).isEqualTo(T0.plusSeconds(1));
            assertThat(r.lastSeq()).isEqualTo(50);
            assertThat(r.eventCount()).isEqualTo(50);
        });
    }

    @Test
    void unknownRun_hasNoRow_noEvents_andFirstSeqZero() {
        RunStore store = store();
        RunId unknown = RunId.random();

        assertThat(store.run(unknown)).isEmpty();
        assertThat(store.contains(unknown)).isFalse();
        assertThat(store.events(unknown, 1, 10)).isEmpty();
        assertThat(store.firstSeq(unknown)).isZero();
        assertThat(store.lastStoredSeq(unknown)).isZero();
    }

    @Test
    void aLiveRunPersistedBatchByBatch_isStoredWhole_andLastStoredSeqIsTheArchivePosition() {
        RunStore store = store();
        RunId run = RunId.random();
        List<Envelope> all = events(run, 30, "agent.signal");
        store.persist(row(run, RunStatus.RUNNING, T0, 10, 10), all.subList(0, 10));
        assertThat(store.lastStoredSeq(run)).isEqualTo(10);
        store.persist(row(run, RunStatus.RUNNING, T0, 25, 25), all.subList(10, 25));
        store.persist(row(run, RunStatus.RUNNING, T0, 30, 30), all.subList(20, 30)); // a batch written again in part

        assertThat(store.lastStoredSeq(run)).isEqualTo(30);
        assertThat(store.firstSeq(run)).isEqualTo(1);
        assertThat(store.events(run, 1, 100)).extracting(Envelope::seq).containsExactlyElementsOf(seqs(1, 30));
        assertThat(store.run(run)).get().satisfies(r -> {
            assertThat(r.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(r.eventCount()).isEqualTo(30);
        });
    }

    @Test
    void aBatchOverlappingStoredEvents_isStoredOnce_evenUnderARowThatUnderstatesItsLastSeq() {
        RunStore store = store();
        RunId run = RunId.random();
        List<Envelope> all = events(run, 15, "agent.signal");
        store.persist(row(run, RunStatus.RUNNING, T0, 5, 5), all.subList(0, 10)); // the row says 5, ten are stored
        store.persist(row(run, RunStatus.RUNNING, T0, 15, 15), all.subList(5, 15));

        assertThat(store.events(run, 1, 100)).extracting(Envelope::seq).containsExactlyElementsOf(seqs(1, 15));
        assertThat(store.lastStoredSeq(run)).isEqualTo(15);
    }

    @Test
    void persist_twice_isIdempotent_andTheFinishedRowReplacesTheRunningOne() {
        RunStore store = store();
        RunId run = RunId.random();
        store.persist(row(run, RunStatus.RUNNING, T0, 10, 10), events(run, 10, "agent.signal"));
        store.persist(row(run, RunStatus.REAPED, T0, 12, 12), events(run, 12, "run.reaped"));
        store.persist(row(run, RunStatus.REAPED, T0, 12, 12), events(run, 12, "run.reaped"));

        assertThat(store.events(run, 1, 100))
                .hasSize(12)
                .extracting(Envelope::seq)
                .containsExactlyElementsOf(seqs(1, 12));
        assertThat(store.runs(10)).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(RunStatus.REAPED);
            assertThat(r.lastSeq()).isEqualTo(12);
            assertThat(r.eventCount()).isEqualTo(12);
        });
    }

    @Test
    void persistingLessLater_keepsTheStoredEvents_andNeverMovesTheRowBackwards() {
        RunStore store = store();
        RunId run = RunId.random();
        store.persist(row(run, RunStatus.COMPLETE, T0, 50, 50), events(run, 50, "run.complete"));
        // another server saw the run after retention trimmed its head: no start time, fewer events
        store.persist(
                new StoredRun(run, null, RunStatus.COMPLETE, null, null, 50, 21), events(run, 30, 50, "run.complete"));
        // a stale writer still thinks it is running
        store.persist(row(run, RunStatus.RUNNING, T0, 40, 40), events(run, 40, "agent.signal"));

        assertThat(store.firstSeq(run)).isEqualTo(1);
        assertThat(store.events(run, 1, 100)).hasSize(50);
        assertThat(store.run(run)).get().satisfies(r -> {
            assertThat(r.status()).isEqualTo(RunStatus.COMPLETE);
            assertThat(r.startedAt()).as("kept from the first write").isEqualTo(T0);
            assertThat(r.finishedAt()).isEqualTo(T0.plusSeconds(1));
            assertThat(r.lastSeq()).isEqualTo(50);
            assertThat(r.eventCount()).isEqualTo(50);
        });
    }

    @Test
    void trimmedRun_storesWhatWasRetained_firstSeqIsItsHead() {
        RunStore store = store();
        RunId run = RunId.random();
        store.persist(
                new StoredRun(run, RunId.random(), RunStatus.ERROR, null, T0, 50, 33),
                events(run, 18, 50, "run.error"));

        assertThat(store.firstSeq(run)).isEqualTo(18);
        assertThat(store.events(run, 1, 5)).extracting(Envelope::seq).containsExactly(18L, 19L, 20L, 21L, 22L);
        assertThat(store.run(run)).get().satisfies(r -> {
            assertThat(r.startedAt()).isNull();
            assertThat(r.parentRunId()).isNotNull();
            assertThat(r.eventCount()).isEqualTo(33);
        });
    }

    @Test
    void timestamps_comeBackInUtc_truncatedToMicroseconds() {
        RunStore store = store();
        RunId run = RunId.random();
        Instant started = Instant.parse("2026-11-22T23:59:59.999999999Z");
        store.persist(
                new StoredRun(run, null, RunStatus.COMPLETE, started, started.plusNanos(2), 1, 1),
                List.of(Envelope.of(run, 1, Event.of("run.complete"), started)));

        assertThat(store.run(run).orElseThrow().startedAt()).isEqualTo(Instant.parse("2026-11-22T23:59:59.999999Z"));
        assertThat(store.events(run, 1, 1))
                .singleElement()
                .extracting(Envelope::ts)
                .isEqualTo(Instant.parse("2026-11-22T23:59:59.999999Z"));
    }

    @Test
    void runs_newestFirst_filteredByStatus_andSurviveReopen() {
        RunStore store = store();
        RunId older = RunId.random();
        RunId newer = RunId.random();
        store.persist(row(older, RunStatus.COMPLETE, T0, 3, 3), events(older, 3, "run.complete"));
        store.persist(row(newer, RunStatus.ERROR, T0.plusSeconds(60), 3, 3), events(newer, 3, "run.error"));
        store.close();

        RunStore again = reopen();
        opened.add(again);
        assertThat(again.runs(10)).extracting(StoredRun::runId).containsExactly(newer, older);
        assertThat(again.runs(1)).extracting(StoredRun::runId).containsExactly(newer);
        assertThat(again.runs(1, RunStatus.COMPLETE))
                .extracting(StoredRun::runId)
                .containsExactly(older);
        assertThat(again.runs(10, RunStatus.CANCELLED)).isEmpty();
        assertThat(again.contains(older)).isTrue();
        assertThat(again.healthy()).isTrue();
    }

    @Test
    void paging_withTheBeforeCursor_walksEveryRunOnce_inNewestFirstOrder() {
        RunStore store = store();
        Random random = new Random(10);
        List<StoredRun> all = new ArrayList<>();
        RunStatus[] statuses = {RunStatus.COMPLETE, RunStatus.ERROR, RunStatus.REAPED, RunStatus.CANCELLED};
        for (int i = 0; i < 120; i++) {
            RunId id = RunId.random();
            // few distinct start times, so ties by run id are common; every tenth run has none
            Instant started =
                    i % 10 == 0 ? null : T0.plusSeconds(random.nextInt(15)).plusNanos(random.nextInt(3) * 1000L);
            StoredRun r = new StoredRun(id, null, statuses[random.nextInt(statuses.length)], started, null, 1, 1);
            store.persist(r, events(id, 1, "run.complete"));
            all.add(r);
        }
        Comparator<StoredRun> newestFirst =
                Comparator.comparing(r -> new RunCursor(r.startedAt(), r.runId()), RunCursor.NEWEST_FIRST);

        assertThat(walk(store, null, 7))
                .containsExactlyElementsOf(
                        all.stream().sorted(newestFirst).map(StoredRun::runId).toList());
        assertThat(walk(store, RunStatus.ERROR, 4))
                .containsExactlyElementsOf(all.stream()
                        .filter(r -> r.status() == RunStatus.ERROR)
                        .sorted(newestFirst)
                        .map(StoredRun::runId)
                        .toList());

        RunCursor before = RunCursor.startedBefore(T0.plusSeconds(7));
        assertThat(store.runs(1000, null, before))
                .extracting(StoredRun::runId)
                .containsExactlyElementsOf(all.stream()
                        .filter(r -> before.admits(r.startedAt(), r.runId()))
                        .sorted(newestFirst)
                        .map(StoredRun::runId)
                        .toList());
    }

    private static List<RunId> walk(RunStore store, RunStatus status, int pageSize) {
        List<RunId> seen = new ArrayList<>();
        RunCursor before = null;
        for (int pages = 0; pages < 1000; pages++) {
            List<StoredRun> page = store.runs(pageSize, status, before);
            page.forEach(r -> seen.add(r.runId()));
            if (page.size() < pageSize) {
                return seen;
            }
            StoredRun last = page.get(page.size() - 1);
            before = RunCursor.at(last.runId(), last.startedAt());
        }
        throw new AssertionError("paging did not end");
    }

    @Test
    void concurrentWritersOfOneRun_leaveOneRow_andEachEventOnce() throws Exception {
        RunStore store = store();
        RunId run = RunId.random();
        List<Envelope> events = events(run, 400, "run.complete");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Void>> writers = IntStream.range(0, 8)
                    .<Callable<Void>>mapToObj(i -> () -> {
                        store.persist(row(run, RunStatus.COMPLETE, T0, 400, 400), events);
                        return null;
                    })
                    .toList();
            for (Future<Void> f : pool.invokeAll(writers)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(store.runs(10)).singleElement().satisfies(r -> assertThat(r.eventCount())
                .isEqualTo(400));
        assertThat(store.events(run, 1, 1000)).extracting(Envelope::seq).containsExactlyElementsOf(seqs(1, 400));
    }

    @Test
    void concurrentWritersOfOneLiveRun_countEachStoredEventOnce() throws Exception {
        RunStore store = store();
        RunId run = RunId.random();
        List<Envelope> events = events(run, 400, "agent.signal");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Void>> writers = IntStream.range(0, 8)
                    .<Callable<Void>>mapToObj(i -> () -> {
                        int from = i * 40;
                        store.persist(
                                row(run, RunStatus.RUNNING, T0, from + 120, 120), events.subList(from, from + 120));
                        return null;
                    })
                    .toList();
            for (Future<Void> f : pool.invokeAll(writers)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(store.run(run)).get().satisfies(r -> assertThat(r.eventCount())
                .isEqualTo(400));
        assertThat(store.events(run, 1, 1000)).extracting(Envelope::seq).containsExactlyElementsOf(seqs(1, 400));
    }

    @Test
    void events_pastAGapLongerThanThePageAsked_continueAfterIt_andEndAtTheLastStored() {
        RunStore store = store();
        RunId run = RunId.random();
        List<Envelope> all = events(run, 5_010, "run.complete");
        List<Envelope> kept = new ArrayList<>(all.subList(0, 10));
        kept.addAll(all.subList(4_999, 5_010)); // seqs 11..4999 were trimmed before they were archived
        store.persist(row(run, RunStatus.COMPLETE, T0, 5_010, 21), kept);

        assertThat(store.events(run, 1, 20)).extracting(Envelope::seq).containsExactlyElementsOf(seqs(1, 10));
        assertThat(store.events(run, 11, 20)).extracting(Envelope::seq).containsExactlyElementsOf(seqs(5_000, 5_010));
        assertThat(store.events(run, 5_005, 3)).extracting(Envelope::seq).containsExactly(5_005L, 5_006L, 5_007L);
        assertThat(store.events(run, 5_011, 20)).isEmpty();
        assertThat(store.run(run)).get().satisfies(r -> assertThat(r.eventCount())
                .isEqualTo(21));
    }

    @Test
    void anEventOfAnotherRun_isRefused_andNothingIsWritten() {
        RunStore store = store();
        RunId run = RunId.random();
        List<Envelope> mixed = new ArrayList<>(events(run, 3, "run.complete"));
        mixed.add(Envelope.of(RunId.random(), 4, Event.of("run.complete"), T0));

        assertThatThrownBy(() -> store.persist(row(run, RunStatus.COMPLETE, T0, 4, 4), mixed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("belongs to run");
        assertThat(store.contains(run)).isFalse();
        assertThat(store.events(run, 1, 10)).isEmpty();
    }

    @Test
    void closedStore_refusesWithClearMessage() {
        RunStore store = store();
        store.close();
        store.close();

        assertThat(store.healthy()).isFalse();
        assertThatThrownBy(() -> store.runs(1))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("closed");
    }

    /** seq values {@code from..to}. */
    static List<Long> seqs(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }
}
