package dev.arena.tui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.api.ForkState;
import dev.arena.api.ForkTaskView;
import dev.arena.broker.RunId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Formatting, rates, sparklines, verdicts, sorting and filtering, without a terminal. */
class ViewModelTest {

    private static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");
    private static final RunVerdict.Rules RULES = RunVerdict.Rules.forStuckAfter(Duration.ofSeconds(60));

    @Test
    void cells_formatDurationsCountsAndRatesInFixedWidths() {
        assertThat(Cells.duration(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Cells.duration(Duration.ofSeconds(725))).isEqualTo("12m05s");
        assertThat(Cells.duration(Duration.ofSeconds(6 * 3600 - 60))).isEqualTo("5h59m");
        assertThat(Cells.duration(Duration.ofHours(76))).isEqualTo("3d04h");
        assertThat(Cells.duration(null)).isEqualTo("-");
        assertThat(Cells.count(950)).isEqualTo("950");
        assertThat(Cells.count(12_345)).isEqualTo("12.3k");
        assertThat(Cells.count(4_500_000)).isEqualTo("4.5M");
        assertThat(Cells.count(-1)).isEqualTo("-");
        assertThat(Cells.rate(0)).isEqualTo("0/s");
        assertThat(Cells.rate(5.5)).isEqualTo("5.5/s");
        assertThat(Cells.rate(52.4)).isEqualTo("52/s");
        assertThat(Cells.rate(12_345)).isEqualTo("12.3k/s");
        assertThat(Cells.rate(Double.NaN)).isEqualTo("-/s");
        assertThat(Cells.fit("abcdef", 4)).isEqualTo("abc…");
        assertThat(Cells.fit("ab", 4)).isEqualTo("ab  ");
        assertThat(Cells.right("7", 3)).isEqualTo("  7");
    }

    @Test
    void sparkline_scalesToItsOwnMaximumAndPadsShortSeries() {
        assertThat(Sparkline.render(new double[] {0, 1, 2, 4, 8}, 5)).isEqualTo("▁▂▃▅█");
        assertThat(Sparkline.render(new double[] {0, 0}, 4)).isEqualTo("  ▁▁");
        assertThat(Sparkline.render(new double[] {1, 2, 3, 4}, 2)).isEqualTo("▆█");
        assertThat(Sparkline.render(new double[] {-3, 3}, 2)).isEqualTo("▁█");
    }

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
        assertThat(RULES.classify(run(5, Duration.ofHours(6)), NOW, true, false)).isEqualTo(RunVerdict.HEALTHY);
        assertThat(RULES.classify(run(20, Duration.ofHours(6)), NOW, true, false)).isEqualTo(RunVerdict.SLOW);
        assertThat(RULES.classify(run(61, Duration.ofHours(6)), NOW, true, false)).isEqualTo(RunVerdict.STALLED);
        assertThat(RULES.classify(run(5, null), NOW, true, false)).isEqualTo(RunVerdict.ORPHAN);
        assertThat(RULES.classify(run(5, null), NOW, false, false)).isEqualTo(RunVerdict.HEALTHY);
        assertThat(RULES.classify(run(5, null), NOW, false, true)).isEqualTo(RunVerdict.ORPHAN);
        RunRow undetailed = new RunRow(RunId.random(), null, "running", NOW, 3, null, null, null, null, null, false);
        assertThat(RULES.classify(undetailed, NOW, false, false)).isEqualTo(RunVerdict.UNKNOWN);
        assertThatThrownBy(() -> new RunVerdict.Rules(Duration.ofSeconds(10), Duration.ofSeconds(5)))
                .hasMessageContaining("exceeds");
    }

    @Test
    void runsTable_sortsWorstFirst_filters_andKeepsTheSelectionAcrossRefreshes() {
        RunRow healthy = run(1, null);
        RunRow slow = run(30, null);
        RunRow stalled = run(90, null);
        RunsTable t = new RunsTable(RULES);
        t.update(List.of(healthy, slow, stalled), NOW, false, Set.of());
        assertThat(t.rows()).extracting(RunsTable.Row::verdict)
                .containsExactly(RunVerdict.STALLED, RunVerdict.SLOW, RunVerdict.HEALTHY);
        t.move(1);
        assertThat(t.selectedRun()).isEqualTo(slow.runId());
        t.update(List.of(stalled, healthy, slow), NOW, false, Set.of());
        assertThat(t.selectedRun()).isEqualTo(slow.runId());

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
        assertThat(t.rows()).extracting(r -> r.run().runId()).isSorted();
        assertThat(t.sort().next()).isEqualTo(RunsTable.Sort.VERDICT);
    }

    @Test
    void runsTable_scrollsToKeepTheSelectionVisible() {
        RunsTable t = new RunsTable(RULES);
        List<RunRow> many = new java.util.ArrayList<>();
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
    void scanBudget_putsVisibleRunsFirstAndRotatesThroughTheRest() {
        List<RunId> all = List.of(RunId.random(), RunId.random(), RunId.random(), RunId.random(), RunId.random());
        ScanBudget b = new ScanBudget();
        assertThat(b.choose(all, List.of(all.get(4)), 2)).containsExactly(all.get(4), all.get(0));
        assertThat(b.choose(all, List.of(), 2)).containsExactly(all.get(1), all.get(2));
        assertThat(b.choose(all, List.of(), 10)).hasSize(5);
        assertThat(b.choose(List.of(), List.of(all.get(0)), 3)).isEmpty();
    }

    @Test
    void layout_fits80x24_givesExtraRowsToTheRunsTable_andRefusesLess() {
        ConsoleLayout small = ConsoleLayout.of(new com.googlecode.lanterna.TerminalSize(80, 24));
        assertThat(small.bar().row()).isEqualTo(23);
        assertThat(small.runs().height()).isEqualTo(7);
        assertThat(small.stream().width() + small.forks().width()).isEqualTo(80);
        ConsoleLayout big = ConsoleLayout.of(new com.googlecode.lanterna.TerminalSize(160, 48));
        assertThat(big.bar().row()).isEqualTo(47);
        assertThat(big.runs().height()).isGreaterThan(small.runs().height());
        assertThat(ConsoleLayout.fits(new com.googlecode.lanterna.TerminalSize(79, 24))).isFalse();
        assertThat(ConsoleLayout.fits(new com.googlecode.lanterna.TerminalSize(80, 23))).isFalse();
        assertThatThrownBy(() -> ConsoleLayout.of(new com.googlecode.lanterna.TerminalSize(40, 10)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyBar_keepsThePanelKeysHelpAndQuit_andHidesWriteActionsReadOnly() {
        String readOnly = KeyBar.fit(KeyMap.hints(Focus.RUNS, false), 80).replace('\u0000', ' ');
        assertThat(readOnly).contains("t triage", "/ filter", "? help", "q quit", "W write").doesNotContain("r reap", "p rotate");
        assertThat(readOnly.length()).isLessThanOrEqualTo(81);
        String write = KeyBar.fit(KeyMap.hints(Focus.RUNS, true), 80).replace('\u0000', ' ');
        assertThat(write).contains("r reap", "t triage", "q quit", "? help");
        String forks = KeyBar.fit(KeyMap.hints(Focus.FORKS, true), 80).replace('\u0000', ' ');
        assertThat(forks).contains("Enter stack", "r reap child");
    }

    @Test
    void keys_followOperatorHabits_andCtrlCQuits() {
        assertThat(KeyMap.resolve(new com.googlecode.lanterna.input.KeyStroke('j', false, false))).isEqualTo(KeyMap.Action.DOWN);
        assertThat(KeyMap.resolve(new com.googlecode.lanterna.input.KeyStroke('W', false, false))).isEqualTo(KeyMap.Action.TOGGLE_WRITE);
        assertThat(KeyMap.resolve(new com.googlecode.lanterna.input.KeyStroke('c', true, false))).isEqualTo(KeyMap.Action.QUIT);
        assertThat(KeyMap.resolve(new com.googlecode.lanterna.input.KeyStroke(com.googlecode.lanterna.input.KeyType.ReverseTab)))
                .isEqualTo(KeyMap.Action.PREVIOUS_PANEL);
        assertThat(KeyMap.resolve(new com.googlecode.lanterna.input.KeyStroke('x', false, false))).isNull();
        assertThat(KeyMap.writes(KeyMap.Action.REAP)).isTrue();
        assertThat(KeyMap.writes(KeyMap.Action.TRIAGE)).isFalse();
    }

    @Test
    void commands_parseVerbsAndResolveUniqueRunPrefixes() {
        RunRow a = new RunRow(RunId.parse("3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d"), null, "running", NOW, 1, null, null, null, null, null, false);
        RunRow b = new RunRow(RunId.parse("3f2b0000-9a4d-4e7b-8c21-5d6f7a8b9c0d"), null, "running", NOW, 1, null, null, null, null, null, false);
        assertThat(ConsoleCommands.parse(":sort idle")).isEqualTo(new ConsoleCommands.Parsed("sort", "idle"));
        assertThat(ConsoleCommands.parse("q").verb()).isEqualTo("quit");
        assertThatThrownBy(() -> ConsoleCommands.parse("rm -rf")).hasMessageContaining("unknown command 'rm'");
        assertThat(ConsoleCommands.resolveRun("3f2b8c", List.of(a, b))).isEqualTo(a.runId());
        assertThatThrownBy(() -> ConsoleCommands.resolveRun("3f2b", List.of(a, b))).hasMessageContaining("2 open runs");
        assertThatThrownBy(() -> ConsoleCommands.resolveRun("*", List.of(a))).hasMessageContaining("not a run id");
        assertThat(ConsoleCommands.sortKey("Length")).isEqualTo(RunsTable.Sort.LENGTH);
    }

    @Test
    void confirmDialogText_wrapsLongCommandsWithoutCuttingAnything() {
        String command = "curl -s -X POST -H \"Authorization: Bearer $ARENA_ADMIN_TOKEN\" "
                + "http://127.0.0.1:8000/admin/runs/3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d/reap";
        String wrapped = ConfirmDialog.wrap(command, 40, "    ");
        assertThat(wrapped.split("\n")).allMatch(l -> l.length() <= 40).hasSizeGreaterThan(2);
        assertThat(wrapped.replaceAll("\\s", "")).isEqualTo(command.replaceAll("\\s", ""));
        assertThat(ConfirmDialog.wrap("short", 40, "  ")).isEqualTo("short");
    }

    @Test
    void feed_keepsTheLastValueAndSaysSinceWhenItIsStale() {
        Feed<String> f = new Feed<>();
        f.succeed("v1", NOW);
        f.fail(new java.io.IOException("connection refused"), NOW.plusSeconds(2));
        f.fail(new java.io.IOException("connection refused"), NOW.plusSeconds(4));
        assertThat(f.value()).isEqualTo("v1");
        assertThat(f.staleLabel(NOW.plusSeconds(12))).isEqualTo("stale 12s: connection refused");
        f.succeed("v2", NOW.plusSeconds(13));
        assertThat(f.stale()).isFalse();
        assertThat(f.staleLabel(NOW.plusSeconds(14))).isNull();
    }

    @Test
    void markdown_wrapsParagraphs_keepsCodeVerbatim_andStripsInlineMarkup() {
        String md = "# Stuck fork\n\nWhen a **fork** stalls, run `arena diag triage <run>` and read the [runbook](x.md) fully.\n\n"
                + "```\nredis-cli -a \"$REDIS_PASSWORD\" XLEN arena:run:{id}:events\n```\n\n- first item\n- second\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        List<StyledLine> lines = MarkdownText.render(md, 40);
        assertThat(lines.get(0)).isEqualTo(StyledLine.heading("STUCK FORK"));
        assertThat(lines).extracting(StyledLine::text)
                .contains("    redis-cli -a \"$REDIS_PASSWORD\" XLEN arena:run:{id}:events", "• first item", "a │ b", "1 │ 2")
                .noneMatch(t -> t.contains("**") || t.contains("`") || t.contains("|---|"));
        assertThat(lines).filteredOn(l -> l.kind() == StyledLine.Kind.TEXT).extracting(StyledLine::text)
                .allMatch(t -> t.length() <= 40);
    }

    static MetricsSample sample(long second, long published) {
        return new MetricsSample(NOW.plusSeconds(second), Map.of("events_published", published));
    }

    static RunRow run(long idleSeconds, Duration ttl) {
        return new RunRow(RunId.random(), null, "running", NOW.minusSeconds(3600), 10, 1L, 10L,
                NOW.minusSeconds(idleSeconds), ttl, 0, true);
    }

    static ForkTaskView fork(String name, String state, boolean stuck, long startedSecondsAgo) {
        return new ForkTaskView(name, RunId.random().value(), RunId.random().value(),
                ForkState.valueOf(state.toUpperCase(java.util.Locale.ROOT)), "continuing", NOW.minusSeconds(startedSecondsAgo),
                NOW.minusSeconds(stuck ? 90 : 1), stuck ? 90 : 1, stuck, 5, 3, List.of(), null);
    }
}
