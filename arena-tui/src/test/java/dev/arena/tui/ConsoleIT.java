package dev.arena.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyType;
import dev.arena.broker.RunInfo;
import dev.arena.testkit.VirtualConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

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

    @TempDir
    Path dir;

    private ConsoleScene scene;
    private VirtualConsole screen;
    private Console console;
    private final ManualPacing pacing = new ManualPacing();

    @BeforeEach
    void buildScene() throws Exception {
        scene = new ConsoleScene(dir);
    }

    @AfterEach
    void closeScene() {
        scene.close();
    }

    /** Opens the console on a 120×40 screen showing the aged scene ({@link ConsoleScene#openConsole}). */
    private void open(boolean write) {
        screen = new VirtualConsole(120, 40);
        console = scene.openConsole(screen, pacing, write);
    }

    @Test
    void capturesAt80x24And160x48_forTheDocs() throws Exception {
        open(false);
        screen.resize(80, 24);
        screen.awaitText("health ok", "STUCK", scene.busy.prefix(), "stalled", "healthy");
        screen.awaitScreen(s -> assertThat(s.text()).containsPattern("published +\\d+ +\\d+(\\.\\d)?/s"));
        String small = settledCapture(23);
        screen.resize(160, 48);
        screen.awaitText(scene.busy.value(), "STARTED", "Fork tasks (");
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
        screen.awaitScreen(s -> {
            assertThat(s.lines().get(barRow)).contains("q quit");
            assertThat(screen.text()).contains("agent.signal");
        });
        return screen.capture();
    }

    @Test
    void everyPanelShowsRealDataFromTheServer() {
        open(false);
        screen.awaitText(
                "staging",
                "health ok",
                "backend inprocess",
                "mode read-only",
                scene.busy.prefix(),
                scene.parent.prefix(),
                scene.child.prefix(),
                "STUCK",
                "Fork tasks (",
                "agent.signal [analysis]");
        screen.awaitScreen(s -> {
            String text = screen.text();
            assertThat(text).containsPattern("published +\\d+ +\\d+(\\.\\d)?/s");
            assertThat(text).contains("healthy", "stalled");
        });
    }

    @Test
    void triageOfTheStuckForkShowsTheVerdictAndTheNextCommand() {
        open(false);
        screen.awaitText("STUCK");
        screen.press(KeyType.Tab);
        screen.press(KeyType.Tab);
        screen.awaitText("Enter stack");
        screen.type("t");
        screen.awaitText("Triage " + scene.child.prefix(), "VERDICT: producer stuck", "Next step", "$ arena");
    }

    @Test
    void reapDialogStartsOnCancel_refusesAWrongPrefix_thenReapsAndVerifies() throws Exception {
        open(true);
        screen.awaitText(scene.parent.prefix(), "mode WRITE");
        screen.type(":go " + scene.parent.prefix());
        screen.awaitText("Command");
        screen.press(KeyType.Enter);
        screen.awaitText("Stream " + scene.parent.prefix());

        screen.type("r");
        screen.awaitText(
                "Reap " + scene.parent.value(),
                "Exact commands:",
                "Type " + scene.parent.prefix() + " to confirm:",
                "PAUSED");
        screen.press(KeyType.Enter); // Cancel has the focus: nothing happens
        screen.awaitGone("Exact commands:", "PAUSED");
        assertThat(scene.broker.run(scene.parent).orElseThrow().isOpen()).isTrue();

        screen.type("r");
        screen.awaitText("Exact commands:");
        screen.awaitText("the run progressed"); // a fresh run is refused unless forced
        screen.press(KeyType.ReverseTab); // to the confirmation box
        screen.type("deadbeef");
        screen.press(KeyType.ReverseTab); // to "force"
        screen.type(" ");
        screen.press(KeyType.Tab); // the confirmation box
        screen.press(KeyType.Tab); // Cancel
        screen.press(KeyType.Tab); // Reap
        screen.press(KeyType.Enter);
        screen.awaitText("NOT CONFIRMED", "did not match");
        assertThat(scene.broker.run(scene.parent).orElseThrow().isOpen()).isTrue();

        screen.press(KeyType.ReverseTab);
        for (int i = 0; i < 8; i++) {
            screen.press(KeyType.Backspace);
        }
        screen.type(scene.parent.prefix());
        screen.press(KeyType.Tab);
        screen.press(KeyType.Tab);
        screen.press(KeyType.Enter);
        screen.awaitText("DONE:", "verify:");
        screen.press(KeyType.Enter); // Close
        screen.awaitGone("verify:", "PAUSED");
        assertThat(scene.broker.run(scene.parent).map(RunInfo::isOpen).orElse(false))
                .isFalse();
        pacing.refresh();
        screen.awaitText("audit", "reap " + scene.parent.prefix());
        String audit = Files.readString(scene.auditLog());
        assertThat(audit)
                .contains("not_confirmed")
                .contains("\"result\":\"done\"")
                .doesNotContain(ConsoleScene.ADMIN_TOKEN);
    }

    @Test
    void aServerThatDiesMidSessionMarksPanelsStale_keysStillWork_andItRecovers() throws Exception {
        open(false);
        screen.awaitText("health ok", scene.busy.prefix());
        scene.stopServer();
        pacing.refresh();
        screen.awaitText("UNREACHABLE", "stale");
        assertThat(screen.text()).contains(scene.busy.prefix()); // last data stays, marked stale
        screen.type("?");
        screen.awaitText("this help");
        screen.press(KeyType.Escape);

        scene.restartServer(); // same port, broker and clock
        pacing.refresh();
        screen.awaitText("health ok", "Open runs (2)"); // the shutdown cancelled the fork: its child run is closed
        pacing.refresh(); // the stream panel follows the run list that refresh changed
        screen.awaitScreen(s -> assertThat(s.text())
                .contains("health ok")
                .doesNotContain("stale")
                .doesNotContain("UNREACHABLE"));
        assertThat(console.logLines()).anyMatch(l -> l.contains("health recovered"));
    }
}
