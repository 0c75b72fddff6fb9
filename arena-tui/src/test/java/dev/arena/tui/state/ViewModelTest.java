package dev.arena.tui.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.broker.RunId;
import dev.arena.tui.source.MetricsSample;
import dev.arena.tui.source.RunRow;
import dev.arena.wire.ForkState;
import dev.arena.wire.ForkTaskView;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Rates, verdicts, sorting, filtering, selection and stale feeds, without a terminal. */
class ViewModelTest {

    private static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");

    private static final RunVerdict.Rules RULES = RunVerdict.Rules.forStuckAfter(Duration.ofSeconds(60));

    @Test
    void rates_comeFromTheTwoNewestSamples_andACounterResetIsNotNegative() {
        RateTracker t = new RateTracker(10);
        assertThat(t.rate("events_published")).isNaN();
        t.add(sample(0, 100));
        t.add(sample(2, 300));
        assertThat(t.rate("events_published")).isEqualTo(100.0);
        t.add(sample(4, 50)); // server restarted: counts from zero again
        assertThat(t.rate("events_published")).isEqualTo(25.0);
        assertThat(t.rateSeries("events_published")).containsExactly(100.0, 25.0);
        assertThat(t.rate("missing")).isNaN();
        t.add(sample(4, 60)); // not after the newest: ignored
        assertThat(t.latest().get("events_published")).isEqualTo(50);
    }

    @Test
    void verdicts_followIdleTimeSentinelsAndEndedForks() {
        assertThat(RULES.classify(run(5, Duration.ofHours(6)), NOW, true, false))
                .isEqualTo(RunVerdict.HEALTHY);
        assertThat(RULES.classify(run(20, Duration.ofHours(6)), NOW, true, false))
                .isEqualTo(RunVerdict.SLOW);
        assertThat(RULES.classify(run(61, Duration.ofHours(6)), NOW, true, false))
                .isEqualTo(RunVerdict.STALLED);
        assertThat(RULES.classify(run(5, null), NOW, true, false)).isEqualTo(RunVerdict.ORPHAN);
        assertThat(RULES.classify(run(5, null), NOW, false, false)).isEqualTo(RunVerdict.HEALTHY);
        assertThat(RULES.classify(run(5, null), NOW, false, true)).isEqualTo(RunVerdict.ORPHAN);
        RunRow undetailed = RunRow.undetailed(RunId.random(), null, "running", NOW, 3);
        assertThat(RULES.classify(undetailed, NOW, false, false)).isEqualTo(RunVerdict.UNKNOWN);
        assertThatThrownBy(() -> new RunVerdict.Rules(Duration.ofSeconds(10), Duration.ofSeconds(5)))
                .hasMessageContaining("exceeds");
    }

    @Test
    void runsTable_sortsWorstFirst_filters_andKeepsTheSelectionAcrossRefreshes() {
        RunRow healthy = run(1, null, 300);
        RunRow slow = run(30, null, 200);
        RunRow stalled = run(90, null, 100);
        RunsTable t = new RunsTable(RULES);
        t.update(List.of(healthy, slow, stalled), NOW, false, Set.of());
        assertThat(t.rows())
                .extracting(RunsTable.Row::verdict)
                .containsExactly(RunVerdict.STALLED, RunVerdict.HEALTHY, RunVerdict.SLOW);
        t.move(1);
        assertThat(t.selectedRun()).isEqualTo(healthy.runId());
        t.update(List.of(stalled, healthy, slow), NOW, false, Set.of());
        assertThat(t.selectedRun()).isEqualTo(healthy.runId());

        t.setFilter("STALLED", NOW, false, Set.of());
        assertThat(t.rows()).extracting(r -> r.run().runId()).containsExactly(stalled.runId());
        assertThat(t.selectedRun()).isEqualTo(stalled.runId());
        t.setFilter(healthy.runId().prefix(), NOW, false, Set.of());
        assertThat(t.rows()).hasSize(1);
        t.setFilter("no-such-thing", NOW, false, Set.of());
        assertThat(t.rows()).isEmpty();
        assertThat(t.selectedRow()).isNull();
        t.setFilter("", NOW, false, Set.of());

        t.setSort(RunsTable.Sort.ID, NOW, false, Set.of());
        assertThat(t.rows().get(0).run()).as("the stalled run stays pinned").isEqualTo(stalled);
        assertThat(t.rows().subList(1, 3)).extracting(r -> r.run().runId()).isSorted();
        assertThat(t.sort().next()).isEqualTo(RunsTable.Sort.VERDICT);
    }

    @Test
    void runsTable_keepsItsOrderByStartTime_whenIdleTimesChangeBetweenRefreshes() {
        RunRow older = run(2, null, 600);
        RunRow newer = run(9, null, 60);
        RunsTable t = new RunsTable(RULES);
        t.update(List.of(newer, older), NOW, false, Set.of());
        assertThat(t.rows()).extracting(RunsTable.Row::run).containsExactly(older, newer);
        t.move(1);
        assertThat(t.selectedRun()).isEqualTo(newer.runId());

        // next refresh: the older run went quiet for a while, the newer one just published
        RunRow olderQuiet = run(40, null, 600, older.runId());
        RunRow newerBusy = run(0, null, 60, newer.runId());
        t.update(List.of(newerBusy, olderQuiet), NOW, false, Set.of());
        assertThat(t.rows()).extracting(RunsTable.Row::run).containsExactly(olderQuiet, newerBusy);
        assertThat(t.selectedIndex())
                .as("the row under the cursor is the same run")
                .isEqualTo(1);
        assertThat(t.selectedRun()).isEqualTo(newer.runId());
    }

    @Test
    void runsTable_pinsStalledAndOrphanRunsToTheTop_inEverySortOrder() {
        List<RunRow> runs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            runs.add(run(1, null, 1000 - i));
        }
        RunRow stalled = run(120, null, 10); // the newest run: last by start time
        runs.add(stalled);
        RunsTable t = new RunsTable(RULES);
        t.update(runs, NOW, false, Set.of());
        for (RunsTable.Sort sort : RunsTable.Sort.values()) {
            t.setSort(sort, NOW, false, Set.of());
            assertThat(t.rows().get(0).run()).as("sort " + sort).isEqualTo(stalled);
            assertThat(t.pinnedCount()).isEqualTo(1);
        }
    }

    @Test
    void runsTable_whenTheSelectedRunEnds_theSelectionStaysOnItsRow() {
        RunRow a = run(1, null, 300);
        RunRow b = run(1, null, 200);
        RunRow c = run(1, null, 100);
        RunsTable t = new RunsTable(RULES);
        t.update(List.of(a, b, c), NOW, false, Set.of());
        t.move(1);
        assertThat(t.selectedRun()).isEqualTo(b.runId());
        t.update(List.of(a, c), NOW, false, Set.of());
        assertThat(t.selectedRun()).as("the next run moved up under the cursor").isEqualTo(c.runId());
    }

    @Test
    void runsTable_scrollsToKeepTheSelectionVisible() {
        RunsTable t = new RunsTable(RULES);
        List<RunRow> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(run(i, null));
        }
        t.update(many, NOW, false, Set.of());
        assertThat(t.scrollFor(10)).isZero();
        t.move(25);
        assertThat(t.scrollFor(10)).isEqualTo(16);
        t.move(-100);
        assertThat(t.scrollFor(10)).isZero();
    }

    @Test
    void forks_stuckFirstThenRunningThenNewest() {
        ForkTaskView done = fork("fork-a", "done", false, 10);
        ForkTaskView running = fork("fork-b", "running", false, 20);
        ForkTaskView stuck = fork("fork-c", "running", true, 5);
        ForksList f = new ForksList();
        f.update(List.of(done, running, stuck));
        assertThat(f.rows()).extracting(ForkTaskView::name).containsExactly("fork-c", "fork-b", "fork-a");
        assertThat(f.stuckCount()).isEqualTo(1);
        assertThat(f.endedChildren()).containsExactly(RunId.parse(done.childRunId()));
        assertThat(f.selectedRow().name()).isEqualTo("fork-c");
        f.move(5);
        assertThat(f.selectedRow().name()).isEqualTo("fork-a");
    }

    @Test
    void forks_selectionFollowsTheWorstTaskUntilTheOperatorMoves() {
        ForkTaskView running = fork("fork-b", "running", false, 20);
        ForkTaskView stuck = fork("fork-c", "running", true, 5);
        ForksList f = new ForksList();
        f.update(List.of(running));
        f.update(List.of(running, stuck));
        assertThat(f.selectedRow().name()).isEqualTo("fork-c");
        f.move(1);
        f.update(List.of(stuck, running));
        assertThat(f.selectedRow().name()).isEqualTo("fork-b");
    }

    @Test
    void feed_keepsTheLastValueAndSaysSinceWhenItIsStale() {
        Feed<String> f = new Feed<>();
        f.succeed("v1", NOW);
        f.fail(new IOException("connection refused"), NOW.plusSeconds(2));
        f.fail(new IOException("connection refused"), NOW.plusSeconds(4));
        assertThat(f.value()).isEqualTo("v1");
        assertThat(f.staleLabel(NOW.plusSeconds(12))).isEqualTo("stale 12s: connection refused");
        f.succeed("v2", NOW.plusSeconds(13));
        assertThat(f.stale()).isFalse();
        assertThat(f.staleLabel(NOW.plusSeconds(14))).isNull();
    }

    static MetricsSample sample(long second, long published) {
        return new MetricsSample(NOW.plusSeconds(second), Map.of("events_published", published));
    }

    static RunRow run(long idleSeconds, Duration ttl) {
        return run(idleSeconds, ttl, 3600);
    }

    static RunRow run(long idleSeconds, Duration ttl, long startedSecondsAgo) {
        return run(idleSeconds, ttl, startedSecondsAgo, RunId.random());
    }

    static RunRow run(long idleSeconds, Duration ttl, long startedSecondsAgo, RunId id) {
        return new RunRow(
                id,
                null,
                "running",
                NOW.minusSeconds(startedSecondsAgo),
                10,
                1L,
                10L,
                NOW.minusSeconds(idleSeconds),
                ttl,
                0,
                true,
                null,
                null);
    }

    static ForkTaskView fork(String name, String state, boolean stuck, long startedSecondsAgo) {
        return new ForkTaskView(
                name,
                RunId.random().value(),
                RunId.random().value(),
                ForkState.valueOf(state.toUpperCase(Locale.ROOT)),
                "continuing",
                NOW.minusSeconds(startedSecondsAgo),
                NOW.minusSeconds(stuck ? 90 : 1),
                stuck ? 90 : 1,
                stuck,
                5,
                3,
                List.of(),
                null);
    }
}
