package dev.arena.tui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.arena.api.ForkState;
import dev.arena.api.ForkTaskView;
import dev.arena.api.Health;
import dev.arena.api.HealthStatus;
import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.RunId;
import dev.arena.config.ArenaConfig.Backend;
import dev.arena.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The console drawn on Lanterna's virtual terminal from a fixed snapshot: layout at 80×24 and
 * 160×48, too small and resize, keys, read-only, stale marks and recovery, help and runbooks.
 */
class ConsoleScreenTest {

    static final RunId HEALTHY = RunId.parse("11111111-1111-4111-8111-111111111111");
    static final RunId STALLED = RunId.parse("22222222-2222-4222-8222-222222222222");
    static final RunId CHILD = RunId.parse("33333333-3333-4333-8333-333333333333");

    private final MutableClock clock = MutableClock.startingNow();
    private final ManualPacing pacing = new ManualPacing();
    private DefaultVirtualTerminal terminal;
    private Console console;
    private SnapshotSource source;

    @AfterEach
    void stop() {
        if (console != null) {
            console.close();
        }
    }

    static SnapshotSource snapshot(Instant now) {
        return snapshot(now, Map.of());
    }

    static SnapshotSource snapshot(Instant now, Map<String, Long> moreMetrics) {
        return snapshot(now, moreMetrics,
                new Health(HealthStatus.OK, Backend.INPROCESS, null, null, null, null, Duration.ofMinutes(5).toSeconds(), null, "test", false));
    }

    static SnapshotSource snapshot(Instant now, Map<String, Long> moreMetrics, Health health) {
        Map<String, Long> counters = new java.util.HashMap<>(Map.of("events_published", 1200L, "runs_open", 3L,
                "events_streamed", 900L, "fork_tasks_stuck", 1L, "streams_dropped", 0L, "subscribers", 2L));
        counters.putAll(moreMetrics);
        MetricsSample metrics = new MetricsSample(now, counters);
        List<RunRow> runs = List.of(
                new RunRow(HEALTHY, null, "running", now.minusSeconds(300), 120, 1L, 120L, now.minusSeconds(1), null, 1, true),
                new RunRow(STALLED, null, "running", now.minusSeconds(600), 40, 1L, 40L, now.minusSeconds(400), null, 0, true),
                new RunRow(CHILD, STALLED, "running", now.minusSeconds(100), 25, 1L, 25L, now.minusSeconds(95), null, 0, true));
        List<Envelope> events = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            events.add(Envelope.of(HEALTHY, 115 + i, Event.of("agent.signal").withPhase("analysis"), now.minusSeconds(6 - i)));
        }
        RunRow streamRow = runs.get(0);
        Map<RunId, StreamDetail> streams = Map.of(HEALTHY, new StreamDetail(streamRow, events),
                STALLED, new StreamDetail(runs.get(1), List.of()), CHILD, new StreamDetail(runs.get(2), List.of()));
        List<ForkTaskView> forks = List.of(new ForkTaskView("fork-33333333", STALLED.value(), CHILD.value(), ForkState.RUNNING,
                "continuing", now.minusSeconds(100), now.minusSeconds(95), 95, true, 20, 21, List.of("dev.arena.sim.SimulatedLlm.complete(SimulatedLlm.java:57)",
                "dev.arena.fork.ForkTask.run(ForkTask.java:120)"), null));
        List<String> audit = List.of("08:00:01 reap 44444444 ok by arena-cli@host:1: reaped");
        return new SnapshotSource(health, metrics, runs, streams, forks, audit);
    }

    private void open(int cols, int rows, boolean write) {
        open(cols, rows, write, snapshot(clock.instant()));
    }

    private void open(int cols, int rows, boolean write, SnapshotSource snapshot) {
        terminal = new DefaultVirtualTerminal(new TerminalSize(cols, rows));
        source = snapshot;
        ConsoleSettings settings = ConsoleSettings.defaults("http://127.0.0.1:9", "inprocess")
                .withEnvLabel("prod").withWriteMode(write);
        console = Console.start(terminal, source, settings, clock, pacing);
        pacing.refresh();
    }

    private void awaitScreen(String... texts) {
        await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> assertThat(Screens.text(terminal)).contains(texts));
    }

    private void press(char c) {
        terminal.addInput(new KeyStroke(c, false, false));
    }

    private void press(KeyType k) {
        terminal.addInput(new KeyStroke(k));
    }

    private String row(int r) {
        return Screens.rows(terminal).get(r);
    }

    @Test
    void everyPanelRendersAt80x24_withVerdictsStuckForkAndKeyBar() {
        open(80, 24, false);
        awaitScreen("ARENA", " prod ", "health ok", "mode read-only", "Metrics", "published", "Open runs (3)",
                "Stream 22222222", "Fork tasks (1, 1 STUCK)", "STUCK", "Audit / log",
                "audit 08:00:01 reap 44444444 ok");
        String text = Screens.text(terminal);
        assertThat(text).contains("11111111", "stalled", "healthy", "continuing").doesNotContain("too small");
        assertThat(row(23)).contains("t triage", "? help", "q quit").doesNotContain("r reap");
        assertThat(Screens.rows(terminal)).allMatch(r -> r.length() == 80);
    }

    @Test
    void forkPanel_tellsStuckFromSlow_stuckFirst() throws Exception {
        open(80, 24, false);
        awaitScreen("Fork tasks (1, 1 STUCK)");
        Instant now = clock.instant();
        ForkTaskView stuck = source.forks().get(0);
        ForkTaskView slow = new ForkTaskView("fork-55555555", HEALTHY.value(), "55555555-5555-4555-8555-555555555555",
                ForkState.RUNNING, "replaying", now.minusSeconds(200), now.minusSeconds(90), 90, false,
                dev.arena.api.ForkLiveness.SLOW, null, 7, 30, List.of("dev.arena.sim.SyntheticArena.next(SyntheticArena.java:88)"), null);
        source.setForks(List.of(slow, stuck));
        pacing.refresh();

        awaitScreen("Fork tasks (2, 1 STUCK, 1 slow)");
        List<String> rows = Screens.rows(terminal);
        int stuckRow = indexOf(rows, "! 33333333");
        int slowRow = indexOf(rows, "~ 55555555");
        assertThat(stuckRow).as(Screens.text(terminal)).isPositive();
        assertThat(slowRow).as("the slow task is listed after the stuck one").isGreaterThan(stuckRow);
        assertThat(rows.get(slowRow)).contains("replaying").contains("slow").doesNotContain("STUCK");
    }

    private static int indexOf(List<String> rows, String text) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void metricsPanelShowsEveryProcesssPublishFailures_andLostRuns() {
        terminal = new DefaultVirtualTerminal(new TerminalSize(160, 48));
        source = snapshot(clock.instant(), Map.of("publish_failures", 3L, "runs_lost", 1L));
        console = Console.start(terminal, source, ConsoleSettings.defaults("http://127.0.0.1:9", "redis"), clock, pacing);
        pacing.refresh();
        awaitScreen("pub fails", "runs lost");
        assertThat(Screens.rows(terminal)).anyMatch(r -> r.matches(".*pub fails +3 .*"))
                .anyMatch(r -> r.matches(".*runs lost +1 .*"));
    }

    @Test
    void onARedisCluster_theHeaderSaysWhatTheServerTalksTo() {
        Health health = new Health(HealthStatus.OK, Backend.REDIS, null,
                new Health.Redis("redis://:***@10.0.0.1:7000,10.0.0.2:7000", "redis cluster: 3 masters, 3 replicas, all 16384 slots served, cluster_state ok",
                        0.4, null),
                null, null, 60, null, "test", false);
        open(200, 48, false, snapshot(clock.instant(), Map.of(), health));
        awaitScreen("redis cluster: 3 masters, 3 replicas, all 16384 slots served, cluster_state ok");
        assertThat(row(0)).contains("redis redis://:***@10.0.0.1:7000,10.0.0.2:7000").doesNotContain("secret");
    }

    @Test
    void theHeaderListsTheRegisteredServers_selfMarked_aLateHeartbeatFlagged() {
        Instant started = clock.instant().minusSeconds(600);
        Health health = new Health(HealthStatus.OK, Backend.REDIS, null,
                new Health.Redis("redis://:***@10.0.0.1:6379/0", "redis standalone 10.0.0.1:6379", 0.4, null), null, null, 60, started, "test", false,
                List.of(new dev.arena.api.ServerEntry("3f9a1c2b7d4e", "http://10.0.0.1:8000", "test", started, "a:1", 300, 10_000, true),
                        new dev.arena.api.ServerEntry("9e8d7c6b5a4f", "http://10.0.0.2:8000", "test", started, "b:2", 6_200, 10_000, false)));
        open(100, 30, false, snapshot(clock.instant(), Map.of(), health));
        awaitScreen("servers 2 (1 late): ");
        assertThat(row(2)).contains("*3f9a1c2b 10.0.0.1:8000 0.3s", "9e8d7c6b 10.0.0.2:8000 6.2s late (TTL 10.0s)");
    }

    @Test
    void onTheInProcessBackend_theHeaderSaysThereIsNoRegistry() {
        open(80, 24, false);
        awaitScreen("servers 1 (in-process backend: no registry, only this server)");
        assertThat(row(2)).startsWith(" servers 1");
    }

    @Test
    void at160x48_theRunsTableShowsFullIdsAndStartTimes() {
        open(160, 48, false);
        awaitScreen(HEALTHY.value(), STALLED.value(), "STARTED", "stuck forks");
        assertThat(row(47)).contains("q quit");
    }

    @Test
    void belowMinimumItSaysTooSmall_andRedrawsTheDashboardWhenResizedBack() {
        open(80, 24, false);
        awaitScreen("Open runs");
        terminal.setTerminalSize(new TerminalSize(60, 20));
        awaitScreen(Dashboard.TOO_SMALL, "now 60×20");
        press('j');
        terminal.setTerminalSize(new TerminalSize(100, 30));
        awaitScreen("Open runs (3)", "Fork tasks");
        assertThat(Screens.text(terminal)).doesNotContain("too small");
        assertThat(row(29)).contains("q quit");
    }

    @Test
    void keysMoveSelectionFocusAndFilter_andEnterShowsTheForkStack() throws Exception {
        open(80, 24, false);
        awaitScreen("Stream 22222222");
        press('j'); // sorted worst first: stalled parent (idle longest), stalled child, healthy
        press('j');
        press('k');
        press(KeyType.ArrowDown);
        awaitScreen("Stream 11111111", "#120", "agent.signal [analysis]");

        press('/');
        awaitScreen("Filter open runs");
        for (char c : "healthy".toCharArray()) {
            press(c);
        }
        press(KeyType.Enter);
        awaitScreen("Open runs (1 of 3)", "filter 'healthy'", "Stream 11111111");

        press(KeyType.Tab);
        press(KeyType.Tab);
        awaitScreen("Enter stack");
        press(KeyType.Enter);
        awaitScreen("Fork task fork-33333333", "SimulatedLlm.complete", "STUCK");
        press('q');
        await().atMost(5, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(Screens.text(terminal)).doesNotContain("Fork task fork-33333333"));
        press('q');
        assertThat(console.awaitQuit(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void readOnlyHidesAndRefusesWriteActions_untilWSwitchesToWriteMode() {
        open(80, 24, false);
        awaitScreen("mode read-only");
        press('r');
        awaitScreen("read-only: press W for write mode first (reap refused)");
        press('W');
        awaitScreen("mode WRITE", "r reap");
    }

    @Test
    void aFailingSourceMarksPanelsStaleWithTheirAge_andTheyRecoverByThemselves() {
        open(80, 24, false);
        awaitScreen("health ok");
        source.setFailing(true);
        clock.advance(Duration.ofSeconds(2));
        pacing.refresh();
        awaitScreen("UNREACHABLE", "stale", "connection refused");
        assertThat(Screens.text(terminal)).contains("22222222"); // the last good data stays on screen
        source.setFailing(false);
        clock.advance(Duration.ofSeconds(2));
        pacing.refresh();
        await().atMost(8, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(Screens.text(terminal)).contains("health ok").doesNotContain("stale"));
        assertThat(console.logLines()).anyMatch(l -> l.contains("health failing: connection refused"))
                .anyMatch(l -> l.contains("health recovered"));
    }

    /** Every cell's colours, foreground and background, as the terminal received them. */
    private java.util.Set<com.googlecode.lanterna.TextColor> coloursOnScreen() {
        java.util.Set<com.googlecode.lanterna.TextColor> out = new java.util.HashSet<>();
        TerminalSize size = terminal.getTerminalSize();
        for (int r = 0; r < size.getRows(); r++) {
            for (int c = 0; c < size.getColumns(); c++) {
                com.googlecode.lanterna.TextCharacter ch = terminal.getCharacter(c, r);
                out.add(ch.getForegroundColor());
                out.add(ch.getBackgroundColor());
            }
        }
        return out;
    }

    @Test
    void noColor_drawsEverythingInTheTerminalsDefaultColours_boldAndReverseStay() {
        open(80, 24, false);
        awaitScreen("STUCK", "stalled");
        assertThat(coloursOnScreen()).as("with colour, STUCK and stalled are red").contains(com.googlecode.lanterna.TextColor.ANSI.RED);
        console.close();

        terminal = new DefaultVirtualTerminal(new TerminalSize(80, 24));
        ConsoleSettings settings = ConsoleSettings.defaults("http://127.0.0.1:9", "inprocess").withEnvLabel("prod")
                .withWriteMode(true).withColour(false);
        console = Console.start(terminal, snapshot(clock.instant()), settings, clock, pacing);
        pacing.refresh();
        awaitScreen("STUCK", "stalled", "mode WRITE", " prod ");
        press('?');
        awaitScreen("Verdicts of open runs");
        assertThat(coloursOnScreen()).containsOnly(com.googlecode.lanterna.TextColor.ANSI.DEFAULT);
        assertThat(terminal.getCharacter(1, 0).getModifiers()).contains(com.googlecode.lanterna.SGR.BOLD); // " ARENA "
        assertThat(ConsoleSettings.noColor(Map.of("NO_COLOR", "1"))).isTrue();
        assertThat(ConsoleSettings.noColor(Map.of("NO_COLOR", ""))).isFalse();
        assertThat(ConsoleSettings.noColor(Map.of())).isFalse();
    }

    @Test
    void helpOverlayAndRunbookViewerOpenAndClose() {
        open(100, 30, true);
        awaitScreen("Open runs");
        press('?');
        awaitScreen("Verdicts of open runs", "stalled", "Tab / Shift-Tab");
        press(KeyType.Escape);
        await().atMost(5, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(Screens.text(terminal)).doesNotContain("Verdicts of open runs"));
        press(':');
        // the prompt is wider than 100 columns: its title may fall off the left edge, its usage line shows
        awaitScreen("filter TEXT | clear | sort");
        for (char c : "runbook console-test".toCharArray()) {
            press(c);
        }
        press(KeyType.Enter);
        awaitScreen("Runbook console-test-runbook.md", "CONSOLE TEST RUNBOOK", "    arena diag triage <run>", "• first bullet");
        press('q');
        await().atMost(5, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(Screens.text(terminal)).doesNotContain("CONSOLE TEST RUNBOOK"));
    }
}
