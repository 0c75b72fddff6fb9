package dev.arena.tui;

import com.googlecode.lanterna.input.KeyType;
import dev.arena.tui.source.SnapshotSource;
import dev.arena.tui.source.TriageView;
import dev.arena.tui.state.ConsoleSettings;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The keys a triage result and a fork task's detail offer in their footer work there: {@code b}
 * opens the stuck-fork runbook, {@code r} reaps in write mode; in read-only mode the footer says
 * why reaping is not offered instead of offering it.
 */
class TriageWindowKeysTest {

    @RegisterExtension
    final ConsoleOnScreen ui = new ConsoleOnScreen(80, 24);

    private void open(boolean write) {
        SnapshotSource source = ConsoleScreenTest.snapshot(ui.clock.instant());
        source.setTriage(new TriageView(
                "producer stuck",
                "critical",
                List.of("fork task fork-33333333 STUCK at stage continuing"),
                "cancel the fork task",
                "arena diag cancel 33333333"));
        ui.console = Console.start(
                ui.screen.terminal(),
                source,
                ConsoleSettings.defaults("http://127.0.0.1:9", "inprocess").withWriteMode(write),
                ui.clock,
                ui.pacing);
        ui.pacing.refresh();
        ui.screen.awaitText("Stream 22222222");
    }

    @Test
    void bInTheTriageWindow_opensTheStuckForkRunbook() {
        open(false);
        ui.screen.type("t");
        ui.screen.awaitText("VERDICT: producer stuck", "b opens the stuck-fork runbook");
        ui.screen.type("b");
        ui.screen.awaitText("Runbook stuck-fork.md");
        ui.screen.type("q");
        ui.screen.awaitGone("Runbook stuck-fork.md");
        ui.screen.awaitText("VERDICT: producer stuck");
    }

    @Test
    void inReadOnlyMode_theTriageFooterSaysWhyReapingIsNotOffered() {
        open(false);
        ui.screen.type("t");
        ui.screen.awaitText("reaping needs write mode (W on the", "dashboard); q closes"); // wrapped, not cut
    }

    @Test
    void inWriteMode_rInTheTriageWindowStartsTheReap() {
        open(true);
        ui.screen.type("t");
        ui.screen.awaitText("r reaps this run");
        ui.screen.type("r");
        ui.screen.press(KeyType.Escape);
        ui.screen.awaitGone("VERDICT: producer stuck");
        // a snapshot cannot reap: that the attempt reached the source is what this pins down
        ui.screen.awaitText("reap 22222222: cannot prepare");
    }

    @Test
    void bInAForkTasksDetail_opensTheStuckForkRunbook_andTTriagesItsChild() {
        open(false);
        ui.screen.press(KeyType.Tab, KeyType.Tab);
        ui.screen.awaitText("Enter stack");
        ui.screen.press(KeyType.Enter);
        ui.screen.awaitText("Fork task fork-33333333", "cancelling needs", "write mode (W on the dashboard); q closes");
        ui.screen.type("b");
        ui.screen.awaitText("Runbook stuck-fork.md");
        ui.screen.type("q");
        ui.screen.type("t");
        ui.screen.awaitText("Triage 33333333", "VERDICT: producer stuck");
    }
}
