package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.RunId;
import dev.arena.store.RunStore;
import dev.arena.time.ManualTicker;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SharedPagesTest {

    private static final int PAGE = SharedPages.PAGE;

    private final RunId run = RunId.random();
    private final List<Envelope> stored = new ArrayList<>();
    private final List<String> reads = new ArrayList<>();
    private final ManualTicker ticker = new ManualTicker();
    private final SharedPages pages = new SharedPages(8, Duration.ofSeconds(30), ticker);

    /** A store holding {@link #stored} and recording each {@code events} read as "from+max". */
    private final RunStore store = (RunStore) Proxy.newProxyInstance(
            RunStore.class.getClassLoader(), new Class<?>[] {RunStore.class}, (proxy, method, args) -> {
                if (!method.getName().equals("events")) {
                    throw new UnsupportedOperationException(method.getName());
                }
                RunId asked = (RunId) args[0];
                long from = (Long) args[1];
                int max = (Integer) args[2];
                reads.add(from + "+" + max);
                return stored.stream()
                        .filter(e -> e.runId().equals(asked) && e.seq() >= from)
                        .limit(max)
                        .map(e -> Envelope.parse(e.toJson())) // a fresh object per read, as a real store's
                        .toList();
            });

    private void store(long toSeq) {
        for (long seq = stored.size() + 1; seq <= toSeq; seq++) {
            stored.add(Envelope.of(run, seq, Event.of("agent.signal", Map.of("n", seq)), Instant.EPOCH));
        }
    }

    @Test
    void readersOfACompletePage_shareOneReadOfIt_andTheSameEnvelopes() {
        store(2L * PAGE);
        List<Envelope> first = pages.events(store, run, 1);
        List<Envelope> second = pages.events(store, run, 1);
        assertThat(second).isSameAs(first).hasSize(PAGE);
        assertThat(first.get(0).seq()).isEqualTo(1);
        assertThat(first.get(PAGE - 1).seq()).isEqualTo(PAGE);
        assertThat(reads).containsExactly("1+" + PAGE);
    }

    @Test
    void aReadFromInsideAPage_endsWithThePage_soTheNextReadIsAlignedAndShared() {
        store(3L * PAGE);
        List<Envelope> tail = pages.events(store, run, 100);
        assertThat(tail).extracting(Envelope::seq).first().isEqualTo(100L);
        assertThat(tail).extracting(Envelope::seq).last().isEqualTo((long) PAGE);
        pages.events(store, run, PAGE + 1);
        pages.events(store, run, PAGE + 1);
        assertThat(reads).containsExactly("100+" + (PAGE - 99), (PAGE + 1) + "+" + PAGE);
    }

    @Test
    void theNewestIncompletePage_isReadEachTime_soNewlyStoredEventsAppear() {
        store(10);
        assertThat(pages.events(store, run, 1)).hasSize(10);
        store(20);
        assertThat(pages.events(store, run, 1)).hasSize(20);
        assertThat(reads).hasSize(2);
    }

    @Test
    void aPageWithAGap_isNeverKept() {
        store(PAGE + 5L);
        stored.remove(7); // seq 8 missing: the page from 1 holds 1..7, 9..513
        assertThat(pages.events(store, run, 1)).hasSize(PAGE);
        pages.events(store, run, 1);
        assertThat(reads).hasSize(2);
    }

    @Test
    void aKeptPage_isReadAgainOnceOlderThanItsMaximumAge() {
        store(PAGE);
        pages.events(store, run, 1);
        ticker.advance(Duration.ofSeconds(31));
        pages.events(store, run, 1);
        assertThat(reads).hasSize(2);
    }

    @Test
    void anotherRunsPage_inTheSameSlot_isNeverServed() {
        store(PAGE);
        pages.events(store, run, 1);
        assertThat(pages.events(store, RunId.random(), 1)).isEmpty(); // whatever slot it maps to
        assertThat(reads).hasSize(2);
    }
}
