package dev.arena.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.RunId;
import dev.arena.broker.RunStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-22T06:00:00.123456Z");

    @TempDir
    Path dir;

    static List<Envelope> events(RunId run, int count, String terminal) {
        List<Envelope> out = new ArrayList<>();
        out.add(Envelope.of(run, 1, Event.of("run.start"), T0));
        for (int seq = 2; seq < count; seq++) {
            out.add(Envelope.of(run, seq, Event.of("agent.signal", Map.of("n", seq)).withPhase("analysis"),
                    T0.plusMillis(seq)));
        }
        out.add(Envelope.of(run, count, Event.of(terminal), T0.plusMillis(count)));
        return out;
    }

    static StoredRun row(RunId run, RunStatus status, Instant started, long last, long count) {
        return new StoredRun(run, null, status, started, started.plusSeconds(1), last, count);
    }

    @Test
    void persist_thenRead_returnsIdenticalEnvelopesInOrder() {
        RunId run = RunId.random();
        List<Envelope> events = events(run, 50, "run.complete");
        try (RunStore store = RunStore.open(dir.resolve("a.duckdb"))) {
            store.persist(row(run, RunStatus.COMPLETE, T0, 50, 50), events);

            assertThat(store.events(run, 1, 1000)).extracting(Envelope::toJson)
                    .containsExactlyElementsOf(events.stream().map(Envelope::toJson).toList());
            assertThat(store.events(run, 48, 10)).extracting(Envelope::seq).containsExactly(48L, 49L, 50L);
            assertThat(store.firstSeq(run)).isEqualTo(1);
            assertThat(store.run(run)).get().satisfies(r -> {
                assertThat(r.status()).isEqualTo(RunStatus.COMPLETE);
                assertThat(r.startedAt()).isEqualTo(T0);
                assertThat(r.lastSeq()).isEqualTo(50);
                assertThat(r.eventCount()).isEqualTo(50);
            });
        }
    }

    @Test
    void persist_twice_isIdempotent() {
        RunId run = RunId.random();
        try (RunStore store = RunStore.open(dir.resolve("b.duckdb"))) {
            store.persist(row(run, RunStatus.RUNNING, T0, 10, 10), events(run, 10, "agent.signal"));
            store.persist(row(run, RunStatus.REAPED, T0, 12, 12), events(run, 12, "run.reaped"));
            store.persist(row(run, RunStatus.REAPED, T0, 12, 12), events(run, 12, "run.reaped"));

            assertThat(store.events(run, 1, 100)).hasSize(12).last()
                    .satisfies(e -> assertThat(e.kind()).isEqualTo("run.reaped"));
            assertThat(store.runs(10)).singleElement()
                    .satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.REAPED));
        }
    }

    @Test
    void runs_newestFirst_andSurviveReopen() {
        Path file = dir.resolve("c.duckdb");
        RunId older = RunId.random();
        RunId newer = RunId.random();
        try (RunStore store = RunStore.open(file)) {
            store.persist(row(older, RunStatus.COMPLETE, T0, 3, 3), events(older, 3, "run.complete"));
            store.persist(row(newer, RunStatus.ERROR, T0.plusSeconds(60), 3, 3), events(newer, 3, "run.error"));
        }
        try (RunStore store = RunStore.open(file)) {
            assertThat(store.runs(10)).extracting(StoredRun::runId).containsExactly(newer, older);
            assertThat(store.runs(1)).extracting(StoredRun::runId).containsExactly(newer);
            assertThat(store.runs(1, RunStatus.COMPLETE)).extracting(StoredRun::runId).containsExactly(older);
            assertThat(store.contains(older)).isTrue();
            assertThat(store.contains(RunId.random())).isFalse();
            assertThat(store.healthy()).isTrue();
        }
    }

    @Test
    void closedStore_refusesWithClearMessage() {
        RunStore store = RunStore.open(dir.resolve("d.duckdb"));
        store.close();
        store.close();
        assertThat(store.healthy()).isFalse();
        assertThatThrownBy(() -> store.runs(1)).isInstanceOf(StoreException.class).hasMessageContaining("closed");
    }
}
