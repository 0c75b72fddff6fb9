package dev.arena.tui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.RunId;
import dev.arena.tui.source.RunRow;
import dev.arena.tui.source.SnapshotSource;
import dev.arena.tui.state.ConsoleSettings;
import dev.arena.wire.ForkState;
import dev.arena.wire.ForkTaskView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Lists longer than their panel at 80×24: problems pinned to the top, a "↓ N more" line saying
 * what is off-screen, and the cursor staying on the same run while the rows refresh.
 */
class ConsoleListsTest {

    @RegisterExtension
    final ConsoleOnScreen ui = new ConsoleOnScreen(80, 24);

    private static RunRow run(int i, long startedSecondsAgo, long idleSeconds, Instant now) {
        RunId id = RunId.parse(String.format("%08d-0000-4000-8000-000000000000", i));
        return new RunRow(
                id,
                null,
                "running",
                now.minusSeconds(startedSecondsAgo),
                10,
                1L,
                10L,
                now.minusSeconds(idleSeconds),
                null,
                0,
                true,
                null,
                null);
    }

    private static ForkTaskView fork(int i, Instant now) {
        return new ForkTaskView(
                "fork-" + i,
                RunId.random().value(),
                RunId.random().value(),
                ForkState.RUNNING,
                "continuing",
                now.minusSeconds(100 + i),
                now.minusSeconds(1),
                1,
                false,
                5,
                3,
                List.of(),
                null);
    }

    private SnapshotSource open(List<RunRow> runs, List<ForkTaskView> forks) {
        SnapshotSource source = ConsoleScreenTest.snapshot(ui.clock.instant());
        source.setRuns(runs);
        source.setForks(forks);
        ui.console = Console.start(
                ui.screen.terminal(),
                source,
                ConsoleSettings.defaults("http://127.0.0.1:9", "inprocess"),
                ui.clock,
                ui.pacing);
        ui.pacing.refresh();
        return source;
    }

    @Test
    void aStalledRunStartedLast_isPinnedOnTop_andTheRunsBelowTheFoldAreCounted() {
        Instant now = ui.clock.instant();
        List<RunRow> runs = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            runs.add(run(i, 1000 - i, 1, now));
        }
        runs.add(run(99, 5, 400, now)); // the newest run, stalled
        open(runs, List.of());

        ui.screen.awaitText("Open runs (13)", "1 problem pinned", "↓ 9 more");
        int header = ui.screen.rowOf("RUN      PARENT");
        assertThat(ui.screen.line(header + 1))
                .as(ui.screen.capture())
                .contains("00000099")
                .contains("stalled");
        assertThat(ui.screen.line(header + 2)).contains("00000001");

        ui.screen.type("j").type("j").type("j").type("j");
        ui.screen.awaitText("↑ 1 above  ↓ 8 more");
    }

    @Test
    void theForkPanelCountsTheTasksBelowTheFold() {
        List<ForkTaskView> forks = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            forks.add(fork(i, ui.clock.instant()));
        }
        open(List.of(run(1, 100, 1, ui.clock.instant())), forks);
        ui.screen.awaitText("Fork tasks (7)", "↓ 4 more");
    }

    @Test
    void theCursorStaysOnTheSameRun_whileIdleTimesChangeAcrossRefreshes() {
        Instant now = ui.clock.instant();
        SnapshotSource source = open(List.of(run(1, 600, 2, now), run(2, 60, 9, now)), List.of());
        ui.screen.awaitText("00000002");
        ui.screen.type("j");
        ui.screen.awaitText("Stream 00000002");
        int row = ui.screen.rowOf("> 00000002");
        assertThat(row).as(ui.screen.capture()).isPositive();

        source.setRuns(List.of(run(2, 60, 0, now), run(1, 600, 45, now)));
        ui.pacing.refresh();
        ui.screen.awaitText("slow"); // run 1 went quiet: a verdict change, not a reorder
        assertThat(ui.screen.line(row)).as(ui.screen.capture()).contains("> 00000002");
    }
}
