package dev.arena.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyType;
import dev.arena.testkit.MutableClock;
import dev.arena.testkit.VirtualConsole;
import dev.arena.tui.source.SnapshotSource;
import dev.arena.tui.source.TriageView;
import dev.arena.tui.state.ConsoleSettings;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every screen and window of the console at 80×24 and at 200×50 shows its text whole: a line
 * wider than its window wraps (no row ends in {@code …} at a window's border), and the ends of the
 * longest texts (the command list, a triage's footer, an event's JSON) are on screen.
 */
class EveryScreenFitsTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final ManualPacing pacing = new ManualPacing();
    private VirtualConsole screen;
    private Console console;

    @AfterEach
    void stop() {
        if (console != null) {
            console.close();
        }
    }

    private void open(int cols, int rows) {
        screen = new VirtualConsole(cols, rows);
        SnapshotSource source = ConsoleScreenTest.snapshot(clock.instant());
        source.setTriage(new TriageView(
                "producer stuck in llm_call",
                "critical",
                List.of("fork task fork-33333333 STUCK at stage continuing for 1m35s with the same stack across"
                        + " two samples, waiting in dev.arena.sim.SimulatedLlm.complete"),
                "cancel the fork task, then fork the parent again from its last good sequence number",
                "arena diag cancel 33333333-3333-4333-8333-333333333333 --yes"));
        console = Console.start(
                screen.terminal(),
                source,
                ConsoleSettings.defaults("http://127.0.0.1:9", "inprocess").withWriteMode(true),
                clock,
                pacing);
        pacing.refresh();
        screen.awaitText("Stream 22222222");
    }

    private void assertNothingCutAtAWindowBorder() {
        assertThat(screen.lines())
                .as(screen.capture())
                .allMatch(l -> l.length() == screen.terminal().getTerminalSize().getColumns())
                .noneMatch(l -> l.contains("…│"));
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"80,24", "200,50"})
    void theCommandPromptShowsTheWholeCommandList(int cols, int rows) {
        open(cols, rows);
        screen.type(":");
        screen.awaitText("commands: filter TEXT", "runbook [NAME]", "help |", "quit");
        assertNothingCutAtAWindowBorder();
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"80,24", "200,50"})
    void helpWrapsUnderItsColumns(int cols, int rows) {
        open(cols, rows);
        screen.type("?");
        screen.awaitText("this help", "Tab / Shift-Tab");
        assertNothingCutAtAWindowBorder();
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"80,24", "200,50"})
    void theTriageWindowShowsEvidenceNextStepAndFooterWhole(int cols, int rows) {
        open(cols, rows);
        screen.type("t");
        screen.awaitText("VERDICT: producer stuck", "$ arena diag cancel", "r reaps this run; q closes");
        assertThat(screen.text()).contains("333333333333 --yes");
        assertNothingCutAtAWindowBorder();
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"80,24", "200,50"})
    void aRunsDetailWrapsItsEvents(int cols, int rows) {
        open(cols, rows);
        screen.type(":go 11111111").press(KeyType.Enter);
        screen.awaitText("Stream 11111111");
        screen.press(KeyType.Enter);
        screen.awaitText("newest events", "agent.signal");
        assertNothingCutAtAWindowBorder();
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"80,24", "200,50"})
    void aForkTasksDetailShowsItsFooterWhole(int cols, int rows) {
        open(cols, rows);
        screen.press(KeyType.Tab, KeyType.Tab);
        screen.awaitText("Enter stack");
        screen.press(KeyType.Enter);
        screen.awaitText("Fork task fork-33333333", "c cancels the", "q closes");
        assertNothingCutAtAWindowBorder();
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"80,24", "200,50"})
    void theRunbookIsLaidOutForTheWindow(int cols, int rows) {
        open(cols, rows);
        screen.type("b");
        screen.awaitText("Runbook stuck-fork.md");
        assertNothingCutAtAWindowBorder();
    }
}
