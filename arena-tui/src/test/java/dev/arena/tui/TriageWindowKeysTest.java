package dev.arena.tui;

import com.googlecode.lanterna.input.KeyType;
import dev.arena.testkit.MutableClock;
import dev.arena.testkit.VirtualConsole;
import dev.arena.tui.source.SnapshotSource;
import dev.arena.tui.source.TriageView;
import dev.arena.tui.state.ConsoleSettings;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The keys a triage result and a fork task's detail offer in their footer work there: {@code b}
 * opens the stuck-fork runbook, {@code r} reaps in write mode; in read-only mode the footer says
 * why reaping is not offered instead of offering it.
 */
class TriageWindowKeysTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final ManualPacing pacing = new ManualPacing();
    private final VirtualConsole screen = new VirtualConsole(80, 24);
    private Console console;

    @AfterEach
    void stop() {
        if (console != null) {
            console.close();
        }
    }

    private void open(boolean write) {
        SnapshotSource source = ConsoleScreenTest.snapshot(clock.instant());
        source.setTriage(new TriageView(
                "producer stuck",
                "critical",
                List.of("fork task fork-33333333 STUCK at stage continuing"),
                "cancel the fork task",
                "arena diag cancel 33333333"));
        console = Console.start(
                screen.terminal(),
                source,
                ConsoleSettings.defaults("http://127.0.0.1:9", "inprocess").withWriteMode(write),
                clock,
                pacing);
        pacing.refresh();
        screen.awaitText("Stream 22222222");
    }

    @Test
    void bInTheTriageWindow_opensTheStuckForkRunbook() {
        open(false);
        screen.type("t");
        screen.awaitText("VERDICT: producer stuck", "b opens the stuck-fork runbook");
        screen.type("b");
        screen.awaitText("Runbook stuck-fork.md");
        screen.type("q");
        screen.awaitGone("Runbook stuck-fork.md");
        screen.awaitText("VERDICT: producer stuck");
    }

    @Test
    void inReadOnlyMode_theTriageFooterSaysWhyReapingIsNotOffered() {
        open(false);
        screen.type("t");
        screen.awaitText("reaping needs write mode (W on the", "dashboard); q closes"); // wrapped, not cut
    }

    @Test
    void inWriteMode_rInTheTriageWindowStartsTheReap() {
        open(true);
        screen.type("t");
        screen.awaitText("r reaps this run");
        screen.type("r");
        screen.press(KeyType.Escape);
        screen.awaitGone("VERDICT: producer stuck");
        // a snapshot cannot reap: that the attempt reached the source is what this pins down
        screen.awaitText("reap 22222222: cannot prepare");
    }

    @Test
    void bInAForkTasksDetail_opensTheStuckForkRunbook_andTTriagesItsChild() {
        open(false);
        screen.press(KeyType.Tab, KeyType.Tab);
        screen.awaitText("Enter stack");
        screen.press(KeyType.Enter);
        screen.awaitText("Fork task fork-33333333", "cancelling needs", "write mode (W on the dashboard); q closes");
        screen.type("b");
        screen.awaitText("Runbook stuck-fork.md");
        screen.type("q");
        screen.type("t");
        screen.awaitText("Triage 33333333", "VERDICT: producer stuck");
    }
}
