package dev.arena.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.input.KeyType;
import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.RunId;
import dev.arena.testkit.MutableClock;
import dev.arena.testkit.VirtualConsole;
import dev.arena.tui.runbook.RunbookLibrary;
import dev.arena.tui.runbook.RunbookLibraryTest;
import dev.arena.tui.source.MetricsSample;
import dev.arena.tui.source.RunRow;
import dev.arena.tui.source.SnapshotSource;
import dev.arena.tui.source.StreamDetail;
import dev.arena.tui.state.ConsoleSettings;
import dev.arena.wire.Backend;
import dev.arena.wire.ForkLiveness;
import dev.arena.wire.ForkState;
import dev.arena.wire.ForkTaskView;
import dev.arena.wire.Health;
import dev.arena.wire.HealthStatus;
import dev.arena.wire.ServerEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private VirtualConsole screen;
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
        return snapshot(now, moreMetrics, Health.inProcessOk(Duration.ofMinutes(5), "test"));
    }

    static SnapshotSource snapshot(Instant now, Map<String, Long> moreMetrics, Health health) {
        Map<String, Long> counters = new HashMap<>(Map.of(
                "events_published",
                1200L,
                "runs_open",
                3L,
                "events_streamed",
                900L,
                "fork_tasks_stuck",
                1L,
                "streams_dropped",
                0L,
                "subscribers",
                2L));
        counters.putAll(moreMetrics);
        MetricsSample metrics = new MetricsSample(now, counters);
        List<RunRow> runs = List.of(
                new RunRow(
                        HEALTHY,
                        null,
                        "running",
                        now.minusSeconds(300),
                        120,
                        1L,
                        120L,
                        now.minusSeconds(1),
                        null,
                        1,
                        true,
                        null,
                        null),
                new RunRow(
                        STALLED,
                        null,
                        "running",
                        now.minusSeconds(600),
                        40,
                        1L,
                        40L,
                        now.minusSeconds(400),
                        null,
                        0,
                        true,
                        null,
                        null),
                new RunRow(
                        CHILD,
                        STALLED,
                        "running",
                        now.minusSeconds(100),
                        25,
                        1L,
                        25L,
                        now.minusSeconds(95),
                        null,
                        0,
                        true,
                        null,
                        null));
        List<Envelope> events = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            events.add(Envelope.of(
                    HEALTHY, 115 + i, Event.of("agent.signal").withPhase("analysis"), now.minusSeconds(6 - i)));
        }
        RunRow streamRow = runs.get(0);
        Map<RunId, StreamDetail> streams = Map.of(
                HEALTHY,
                new StreamDetail(streamRow, events, 118L),
                STALLED,
                new StreamDetail(runs.get(1), List.of()),
                CHILD,
                new StreamDetail(runs.get(2), List.of()));
        List<ForkTaskView> forks = List.of(new ForkTaskView(
                "fork-33333333",
                STALLED.value(),
                CHILD.value(),
                ForkState.RUNNING,
                "continuing",
                now.minusSeconds(100),
                now.minusSeconds(95),
                95,
                true,
                20,
                21,
                List.of(
                        "dev.arena.sim.SimulatedLlm.complete(SimulatedLlm.java:57)",
                        "dev.arena.fork.ForkTask.run(ForkTask.java:120)"),
                null));
        List<String> audit = List.of("08:00:01 reap 44444444 ok by arena-cli@host:1: reaped");
        return new SnapshotSource(health, metrics, runs, streams, forks, audit);
    }

    private void open(int cols, int rows, boolean write) {
        open(cols, rows, write, snapshot(clock.instant()));
    }

    private void open(int cols, int rows, boolean write, SnapshotSource snapshot) {
        screen = new VirtualConsole(cols, rows);
        source = snapshot;
        ConsoleSettings settings = ConsoleSettings.defaults("http://127.0.0.1:9", "inprocess")
                .withEnvLabel("prod")
                .withWriteMode(write);
        console = Console.start(screen.terminal(), source, settings, clock, pacing);
        pacing.refresh();
    }

    @Test
    void everyPanelRendersAt80x24_withVerdictsStuckForkAndKeyBar() {
        open(80, 24, false);
        screen.awaitText(
                "ARENA",
                " prod ",
                "health ok",
                "mode read-only",
                "Metrics",
                "published",
                "Open runs (3)",
                "Stream 22222222",
                "Fork tasks (1, 1 STUCK)",
                "STUCK",
                "Audit / log",
                "audit 08:00:01 reap 44444444 ok");
        String text = screen.text();
        assertThat(text)
                .contains("11111111", "stalled", "healthy", "continuing")
                .doesNotContain("too small");
        assertThat(screen.line(23)).contains("t triage", "? help", "q quit").doesNotContain("r reap");
        assertThat(screen.lines()).allMatch(r -> r.length() == 80);
    }

    @Test
    void forkPanel_tellsStuckFromSlow_stuckFirst() throws Exception {
        open(80, 24, false);
        screen.awaitText("Fork tasks (1, 1 STUCK)");
        Instant now = clock.instant();
        ForkTaskView stuck = source.forks().get(0);
        ForkTaskView slow = new ForkTaskView(
                "fork-55555555",
                HEALTHY.value(),
                "55555555-5555-4555-8555-555555555555",
                ForkState.RUNNING,
                "replaying",
                now.minusSeconds(200),
                now.minusSeconds(90),
                90,
                false,
                ForkLiveness.SLOW,
                null,
                7,
                30,
                List.of("dev.arena.sim.SyntheticArena.next(SyntheticArena.java:88)"),
                null);
        source.setForks(List.of(slow, stuck));
        pacing.refresh();

        screen.awaitText("Fork tasks (2, 1 STUCK, 1 slow)");
        List<String> rows = screen.lines();
        int stuckRow = screen.rowOf("! 33333333");
        int slowRow = screen.rowOf("~ 55555555");
        assertThat(stuckRow).as(screen.text()).isPositive();
        assertThat(slowRow).as("the slow task is listed after the stuck one").isGreaterThan(stuckRow);
        assertThat(rows.get(slowRow)).contains("replaying").contains("slow").doesNotContain("STUCK");
    }

    @Test
    void metricsPanelShowsEveryProcesssPublishFailures_andLostRuns() {
        screen = new VirtualConsole(160, 48);
        source = snapshot(clock.instant(), Map.of("publish_failures", 3L, "runs_lost", 1L));
        console = Console.start(
                screen.terminal(), source, ConsoleSettings.defaults("http://127.0.0.1:9", "redis"), clock, pacing);
        pacing.refresh();
        screen.awaitScreen(s -> assertThat(s.lines())
                .anyMatch(r -> r.matches(".*pub fails +3 .*"))
                .anyMatch(r -> r.matches(".*runs lost +1 .*")));
    }

    @Test
    void onARedisCluster_theHeaderSaysWhatTheServerTalksTo() {
        Health health = clusterHealth("redis://:***@10.0.0.1:7000,10.0.0.2:7000");
        open(200, 48, false, snapshot(clock.instant(), Map.of(), health));
        screen.awaitText("redis cluster: 3 masters, 3 replicas, all 16384 slots served, cluster_state ok");
        assertThat(screen.line(0))
                .contains("redis redis://:***@10.0.0.1:7000,10.0.0.2:7000")
                .doesNotContain("secret");
    }

    @Test
    void at80x24_aLongRedisUrlIsShortenedInTheMiddle_keepingSchemeAndLastHost() {
        Health health = clusterHealth("redis://:***@10.0.0.1:7000,10.0.0.2:7000,10.0.0.3:7000");
        screen = new VirtualConsole(80, 24);
        source = snapshot(clock.instant(), Map.of(), health);
        console = Console.start(
                screen.terminal(),
                source,
                ConsoleSettings.defaults("http://arena-a.internal.example.com:8000", "redis"),
                clock,
                pacing);
        pacing.refresh();
        screen.awaitText("redis redis://:***"); // the server's health names the Redis it talks to
        String header = screen.line(0);
        assertThat(header)
                .as(header)
                .contains("redis redis://:***")
                .contains("…10.0.0.3:7000")
                .contains("server http://")
                .contains(":8000  backend redis");
    }

    @Test
    void theHeaderListsTheRegisteredServers_selfMarked_aLateHeartbeatFlagged() {
        Instant started = clock.instant().minusSeconds(600);
        Health health = new Health(
                HealthStatus.OK,
                Backend.REDIS,
                null,
                new Health.Redis("redis://:***@10.0.0.1:6379/0", "redis standalone 10.0.0.1:6379", 0.4, null),
                null,
                null,
                60,
                started,
                "test",
                false,
                List.of(
                        new ServerEntry(
                                "3f9a1c2b7d4e", "http://10.0.0.1:8000", "test", started, "a:1", 300, 10_000, true),
                        new ServerEntry(
                                "9e8d7c6b5a4f", "http://10.0.0.2:8000", "test", started, "b:2", 6_200, 10_000, false)));
        open(100, 30, false, snapshot(clock.instant(), Map.of(), health));
        screen.awaitText("servers 2 (1 late): ");
        assertThat(screen.line(2))
                .contains("*3f9a1c2b 10.0.0.1:8000 0.3s", "9e8d7c6b 10.0.0.2:8000 6.2s late (TTL 10.0s)");
    }

    @Test
    void onTheInProcessBackend_theHeaderSaysThereIsNoRegistry() {
        open(80, 24, false);
        screen.awaitText("servers 1 (in-process backend: no registry, only this server)");
        assertThat(screen.line(2)).startsWith(" servers 1");
    }

    @Test
    void at160x48_theRunsTableShowsFullIdsAndStartTimes() {
        open(160, 48, false);
        screen.awaitText(HEALTHY.value(), STALLED.value(), "STARTED", "stuck forks");
        assertThat(screen.line(47)).contains("q quit");
    }

    @Test
    void belowMinimumItSaysTooSmall_andRedrawsTheDashboardWhenResizedBack() {
        open(80, 24, false);
        screen.awaitText("Open runs");
        screen.resize(60, 20);
        screen.awaitText("too small (need 80×24), q to quit", "now 60×20");
        screen.type("j");
        screen.resize(100, 30);
        screen.awaitText("Open runs (3)", "Fork tasks");
        assertThat(screen.text()).doesNotContain("too small");
        assertThat(screen.line(29)).contains("q quit");
    }

    @Test
    void keysMoveSelectionFocusAndFilter_andEnterShowsTheForkStack() throws Exception {
        open(80, 24, false);
        screen.awaitText("Stream 22222222");
        screen.type("j"); // sorted worst first: stalled parent (idle longest), stalled child, healthy
        screen.type("j");
        screen.type("k");
        screen.press(KeyType.ArrowDown);
        screen.awaitText("Stream 11111111", "#120", "agent.signal [analysis]", "store: archived through 118, 2 behind");

        screen.type("/");
        screen.awaitText("Filter open runs");
        screen.type("healthy");
        screen.press(KeyType.Enter);
        screen.awaitText("Open runs (1 of 3)", "filter 'healthy'", "Stream 11111111");

        screen.press(KeyType.Tab, KeyType.Tab);
        screen.awaitText("Enter stack");
        screen.press(KeyType.Enter);
        screen.awaitText("Fork task fork-33333333", "SimulatedLlm.complete", "STUCK");
        screen.type("q");
        screen.awaitGone("Fork task fork-33333333");
        screen.type("q");
        assertThat(console.awaitQuit(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void readOnlyHidesAndRefusesWriteActions_untilWSwitchesToWriteMode() {
        open(80, 24, false);
        screen.awaitText("mode read-only");
        screen.type("r");
        screen.awaitText("read-only: press W for write mode first (reap refused)");
        screen.type("W");
        screen.awaitText("mode WRITE", "r reap");
    }

    @Test
    void aFailingSourceMarksPanelsStaleWithTheirAge_andTheyRecoverByThemselves() {
        open(80, 24, false);
        screen.awaitText("health ok");
        source.setFailing(true);
        clock.advance(Duration.ofSeconds(2));
        pacing.refresh();
        screen.awaitText("UNREACHABLE", "stale", "connection refused");
        assertThat(screen.text()).contains("22222222"); // the last good data stays on screen
        source.setFailing(false);
        clock.advance(Duration.ofSeconds(2));
        pacing.refresh();
        screen.awaitText("health ok").awaitGone("stale");
        assertThat(console.logLines())
                .anyMatch(l -> l.contains("health failing: connection refused"))
                .anyMatch(l -> l.contains("health recovered"));
    }

    /** Every cell's colours, foreground and background, as the terminal received them. */
    private Set<TextColor> coloursOnScreen() {
        Set<TextColor> out = new HashSet<>();
        TerminalSize size = screen.terminal().getTerminalSize();
        for (int r = 0; r < size.getRows(); r++) {
            for (int c = 0; c < size.getColumns(); c++) {
                TextCharacter ch = screen.characterAt(c, r);
                out.add(ch.getForegroundColor());
                out.add(ch.getBackgroundColor());
            }
        }
        return out;
    }

    @Test
    void noColor_drawsEverythingInTheTerminalsDefaultColours_boldAndReverseStay() {
        open(80, 24, false);
        screen.awaitText("STUCK", "stalled");
        assertThat(coloursOnScreen())
                .as("with colour, STUCK and stalled are red")
                .contains(TextColor.ANSI.RED);
        console.close();

        screen = new VirtualConsole(80, 24);
        ConsoleSettings settings = ConsoleSettings.defaults("http://127.0.0.1:9", "inprocess")
                .withEnvLabel("prod")
                .withWriteMode(true)
                .withColour(false);
        console = Console.start(screen.terminal(), snapshot(clock.instant()), settings, clock, pacing);
        pacing.refresh();
        screen.awaitText("STUCK", "stalled", "mode WRITE", " prod ");
        screen.type("?");
        screen.awaitText("this help");
        assertThat(coloursOnScreen()).containsOnly(TextColor.ANSI.DEFAULT);
        assertThat(screen.characterAt(1, 0).getModifiers()).contains(SGR.BOLD); // " ARENA "
        assertThat(ConsoleSettings.noColor(Map.of("NO_COLOR", "1"))).isTrue();
        assertThat(ConsoleSettings.noColor(Map.of("NO_COLOR", ""))).isFalse();
        assertThat(ConsoleSettings.noColor(Map.of())).isFalse();
    }

    @Test
    void helpOverlayAndRunbookViewerOpenAndClose() {
        open(100, 30, true);
        screen.awaitText("Open runs");
        screen.type("?");
        screen.awaitText("Tab / Shift-Tab", "runbook [NAME] | write | read | help | quit");
        screen.press(KeyType.End);
        screen.awaitText("Verdicts of open runs", "stalled");
        screen.press(KeyType.Escape);
        screen.awaitGone("Verdicts of open runs");
        screen.type(":");
        // the prompt is wider than 100 columns: its title may fall off the left edge, its usage line shows
        screen.awaitText("filter TEXT | clear | sort");
        screen.type("runbook console-test");
        screen.press(KeyType.Enter);
        screen.awaitText(
                "Runbook console-test-runbook.md",
                "CONSOLE TEST RUNBOOK",
                "    arena diag triage <run>",
                "• first bullet");
        screen.type("q");
        screen.awaitGone("CONSOLE TEST RUNBOOK");
    }

    @Test
    void aBugInTheSourceIsShownAsOne_notAsAnOutage() {
        open(80, 24, false);
        screen.awaitText("health ok");
        source.failWith(new NullPointerException("metrics is null"));
        pacing.refresh();
        screen.awaitText("stale", "metrics is null");
        assertThat(console.logLines())
                .anyMatch(l -> l.contains("health failing: unexpected NullPointerException: metrics is null"));
    }

    @Test
    void aRunbookThatCannotBeRead_saysWhyInItsViewAndTheLog() {
        screen = new VirtualConsole(100, 30);
        source = snapshot(clock.instant());
        RunbookLibrary unreadable = new RunbookLibrary(
                RunbookLibraryTest.unreadableRunbooks(getClass().getClassLoader()));
        console = Console.start(
                screen.terminal(),
                source,
                ConsoleSettings.defaults("http://127.0.0.1:9", "inprocess"),
                clock,
                pacing,
                unreadable);
        pacing.refresh();
        screen.awaitText("Open runs");
        screen.type(":runbook console-test").press(KeyType.Enter);
        screen.awaitText("Runbook console-test-runbook.md", "This runbook cannot be read", "disk read error");
        assertThat(console.logLines())
                .anyMatch(l -> l.contains("runbook console-test-runbook.md cannot be read: disk read error"));
    }

    /** A healthy server on a three-master cluster reached at {@code redisUrl} (already masked). */
    private static Health clusterHealth(String redisUrl) {
        return new Health(
                HealthStatus.OK,
                Backend.REDIS,
                null,
                new Health.Redis(
                        redisUrl,
                        "redis cluster: 3 masters, 3 replicas, all 16384 slots served, cluster_state ok",
                        0.4,
                        null),
                null,
                null,
                60,
                null,
                "test",
                false);
    }
}
