package dev.arena.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyType;
import dev.arena.broker.RunInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console against a real embedded server (real HTTP, real fork tasks with a stall injected,
 * the shared guarded-action runner, the audit file), drawn on Lanterna's virtual terminal.
 *
 * <p>Each test builds its own {@link ConsoleScene} (server, runs, stalled fork, audit file), so the
 * tests run in any order: they are shuffled on purpose. Time is the scene's clock, shared by server
 * and console, and the console refreshes only when the test says ({@link ManualPacing}).
 */
@TestMethodOrder(MethodOrderer.Random.class)
class ConsoleIT {

    @RegisterExtension
    final ConsoleStage stage = new ConsoleStage();

    /** Opens the console on a 120×40 screen showing the aged scene ({@link ConsoleScene#openConsole}). */
    private void open(boolean write) {
        stage.open(write, 120, 40);
    }

    @Test
    void capturesAt80x24And160x48_forTheDocs() throws Exception {
        open(false);
        stage.screen.resize(80, 24);
        stage.screen.awaitText("health ok", "STUCK", stage.scene.busy.prefix(), "stalled", "healthy");
        stage.screen.awaitScreen(s -> assertThat(s.text()).containsPattern("published +\\d+ +\\d+(\\.\\d)?/s"));
        String small = settledCapture(23);
        stage.screen.resize(160, 48);
        stage.screen.awaitText(stage.scene.busy.value(), "STARTED", "Fork tasks (");
        String big = settledCapture(47);
        assertThat(small.split("\n", -1)).hasSize(25).allMatch(l -> l.length() <= 80);
        assertThat(big.split("\n", -1)).hasSize(49).allMatch(l -> l.length() <= 160);
        Path out = Path.of(ConsoleIT.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .getParent();
        Files.writeString(out.resolve("console-80x24.txt"), small);
        Files.writeString(out.resolve("console-160x48.txt"), big);
    }

    /** A capture taken once the key bar (the last row drawn) is on screen and the event list is filled. */
    private String settledCapture(int barRow) {
        stage.screen.awaitScreen(s -> {
            assertThat(s.lines().get(barRow)).contains("q quit");
            assertThat(stage.screen.text()).contains("agent.signal");
        });
        return stage.screen.capture();
    }

    @Test
    void everyPanelShowsRealDataFromTheServer() {
        open(false);
        stage.screen.awaitText(
                "staging",
                "health ok",
                "backend inprocess",
                "mode read-only",
                stage.scene.busy.prefix(),
                stage.scene.parent.prefix(),
                stage.scene.child.prefix(),
                "STUCK",
                "Fork tasks (",
                "agent.signal [analysis]");
        stage.screen.awaitScreen(s -> {
            String text = stage.screen.text();
            assertThat(text).containsPattern("published +\\d+ +\\d+(\\.\\d)?/s");
            assertThat(text).contains("healthy", "stalled");
        });
    }

    @Test
    void triageOfTheStuckForkShowsTheVerdictAndTheNextCommand() {
        open(false);
        stage.screen.awaitText("STUCK");
        stage.screen.press(KeyType.Tab);
        stage.screen.press(KeyType.Tab);
        stage.screen.awaitText("Enter stack");
        stage.screen.type("t");
        stage.screen.awaitText(
                "Triage " + stage.scene.child.prefix(), "VERDICT: producer stuck", "Next step", "$ arena");
    }

    @Test
    void reapDialogStartsOnCancel_refusesAWrongPrefix_thenReapsAndVerifies() throws Exception {
        open(true);
        stage.screen.awaitText(stage.scene.parent.prefix(), "mode WRITE");
        stage.screen.type(":go " + stage.scene.parent.prefix());
        stage.screen.awaitText("Command");
        stage.screen.press(KeyType.Enter);
        stage.screen.awaitText("Stream " + stage.scene.parent.prefix());

        stage.screen.type("r");
        stage.screen.awaitText(
                "Reap " + stage.scene.parent.value(),
                "Exact commands:",
                "Type " + stage.scene.parent.prefix() + " to confirm:",
                "PAUSED");
        stage.screen.press(KeyType.Enter); // Cancel has the focus: nothing happens
        stage.screen.awaitGone("Exact commands:", "PAUSED");
        assertThat(stage.scene.broker.run(stage.scene.parent).orElseThrow().isOpen())
                .isTrue();

        stage.screen.type("r");
        stage.screen.awaitText("Exact commands:");
        stage.screen.awaitText("the run progressed"); // a fresh run is refused unless forced
        stage.screen.press(KeyType.ReverseTab); // to the confirmation box
        stage.screen.type("deadbeef");
        stage.screen.press(KeyType.ReverseTab); // to "force"
        stage.screen.type(" ");
        stage.screen.press(KeyType.Tab); // the confirmation box
        stage.screen.press(KeyType.Tab); // Cancel
        stage.screen.press(KeyType.Tab); // Reap
        stage.screen.press(KeyType.Enter);
        stage.screen.awaitText("NOT CONFIRMED", "did not match");
        assertThat(stage.scene.broker.run(stage.scene.parent).orElseThrow().isOpen())
                .isTrue();

        stage.screen.press(KeyType.ReverseTab);
        for (int i = 0; i < 8; i++) {
            stage.screen.press(KeyType.Backspace);
        }
        stage.screen.type(stage.scene.parent.prefix());
        stage.screen.press(KeyType.Tab);
        stage.screen.press(KeyType.Tab);
        stage.screen.press(KeyType.Enter);
        stage.screen.awaitText("DONE:", "verify:");
        stage.screen.press(KeyType.Enter); // Close
        stage.screen.awaitGone("verify:", "PAUSED");
        assertThat(stage.scene
                        .broker
                        .run(stage.scene.parent)
                        .map(RunInfo::isOpen)
                        .orElse(false))
                .isFalse();
        stage.pacing.refresh();
        stage.screen.awaitText("audit", "reap " + stage.scene.parent.prefix());
        String audit = Files.readString(stage.scene.auditLog());
        assertThat(audit)
                .contains("not_confirmed")
                .contains("\"result\":\"done\"")
                .doesNotContain(ConsoleScene.ADMIN_TOKEN);
    }

    @Test
    void aServerThatDiesMidSessionMarksPanelsStale_keysStillWork_andItRecovers() throws Exception {
        open(false);
        stage.screen.awaitText("health ok", stage.scene.busy.prefix());
        stage.scene.stopServer();
        stage.pacing.refresh();
        stage.screen.awaitText("UNREACHABLE", "stale");
        assertThat(stage.screen.text()).contains(stage.scene.busy.prefix()); // last data stays, marked stale
        stage.screen.type("?");
        stage.screen.awaitText("this help");
        stage.screen.press(KeyType.Escape);

        stage.scene.restartServer(); // same port, broker and clock
        stage.pacing.refresh();
        stage.screen.awaitText(
                "health ok", "Open runs (2)"); // the shutdown cancelled the fork: its child run is closed
        stage.pacing.refresh(); // the stream panel follows the run list that refresh changed
        stage.screen.awaitScreen(s -> assertThat(s.text())
                .contains("health ok")
                .doesNotContain("stale")
                .doesNotContain("UNREACHABLE"));
        assertThat(stage.console.logLines()).anyMatch(l -> l.contains("health recovered"));
    }
}
