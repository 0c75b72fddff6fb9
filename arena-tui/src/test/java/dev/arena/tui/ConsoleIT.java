package dev.arena.tui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.arena.broker.RunInfo;
import dev.arena.config.ArenaConfig;
import dev.arena.diag.DiagContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
    private DefaultVirtualTerminal terminal;
    private Console console;
    private DiagConsoleSource source;
    private final ManualPacing pacing = new ManualPacing();

    @BeforeEach
    void buildScene() throws Exception {
        scene = new ConsoleScene(dir);
    }

    @AfterEach
    void closeConsole() {
        if (console != null) {
            console.close();
        }
        if (source != null) {
            source.close();
        }
        scene.close();
    }

    /**
     * Opens the console and shows the aged scene: a refresh before and one after the clock moves on
     * (so rates exist and verdicts change), then one for the stream of the run now listed first.
     */
    private void open(boolean write) {
        terminal = new DefaultVirtualTerminal(new TerminalSize(120, 40));
        DiagContext context = DiagContext.from(ArenaConfig.from(scene.env), null, null, false).withTimeout(Duration.ofSeconds(1));
        source = new DiagConsoleSource(context, "arena-console@test", scene.clock, dir.resolve(".env"));
        ConsoleSettings settings = ConsoleSettings.defaults(context.serverUrl(), "inprocess").withEnvLabel("staging")
                .withWriteMode(write).withRefresh(Duration.ofSeconds(1)).withStuckAfter(ConsoleScene.STUCK_AFTER);
        console = Console.start(terminal, source, settings, scene.clock, pacing);
        pacing.refresh();
        awaitScreen("health ok", scene.busy.prefix());
        scene.age();
        pacing.refresh();
        awaitScreen("stalled", "healthy", "STUCK");
        pacing.refresh();
    }

    private void awaitScreen(String... texts) {
        await().atMost(15, TimeUnit.SECONDS).untilAsserted(() -> assertThat(Screens.text(terminal)).contains(texts));
    }

    private void type(String s) {
        for (char c : s.toCharArray()) {
            terminal.addInput(new KeyStroke(c, false, false));
        }
    }

    private void press(KeyType k) {
        terminal.addInput(new KeyStroke(k));
    }

    @Test
    void capturesAt80x24And160x48_forTheDocs() throws Exception {
        open(false);
        terminal.setTerminalSize(new TerminalSize(80, 24));
        awaitScreen("health ok", "STUCK", scene.busy.prefix(), "stalled", "healthy");
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(Screens.text(terminal)).containsPattern("published +\\d+ +\\d+(\\.\\d)?/s"));
        String small = settledCapture(23);
        terminal.setTerminalSize(new TerminalSize(160, 48));
        awaitScreen(scene.busy.value(), "STARTED", "Fork tasks (");
        String big = settledCapture(47);
        assertThat(small.split("\n", -1)).hasSize(25).allMatch(l -> l.length() <= 80);
        assertThat(big.split("\n", -1)).hasSize(49).allMatch(l -> l.length() <= 160);
        Path out = Path.of(ConsoleIT.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        Files.writeString(out.resolve("console-80x24.txt"), small);
        Files.writeString(out.resolve("console-160x48.txt"), big);
    }

    /** A capture taken once the key bar (the last row drawn) is on screen and the event list is filled. */
    private String settledCapture(int barRow) {
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            assertThat(Screens.rows(terminal).get(barRow)).contains("q quit");
            assertThat(Screens.text(terminal)).contains("agent.signal");
        });
        return Screens.capture(terminal);
    }

    @Test
    void everyPanelShowsRealDataFromTheServer() {
        open(false);
        awaitScreen("staging", "health ok", "backend inprocess", "mode read-only", scene.busy.prefix(), scene.parent.prefix(),
                scene.child.prefix(), "STUCK", "Fork tasks (", "agent.signal [analysis]");
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            String text = Screens.text(terminal);
            assertThat(text).containsPattern("published +\\d+ +\\d+(\\.\\d)?/s");
            assertThat(text).contains("healthy", "stalled");
        });
    }

    @Test
    void triageOfTheStuckForkShowsTheVerdictAndTheNextCommand() {
        open(false);
        awaitScreen("STUCK");
        press(KeyType.Tab);
        press(KeyType.Tab);
        awaitScreen("Enter stack");
        type("t");
        awaitScreen("Triage " + scene.child.prefix(), "VERDICT: producer stuck", "Next step", "$ arena");
    }

    @Test
    void reapDialogStartsOnCancel_refusesAWrongPrefix_thenReapsAndVerifies() throws Exception {
        open(true);
        awaitScreen(scene.parent.prefix(), "mode WRITE");
        type(":go " + scene.parent.prefix());
        awaitScreen("Command");
        press(KeyType.Enter);
        awaitScreen("Stream " + scene.parent.prefix());

        type("r");
        awaitScreen("Reap " + scene.parent.value(), "Exact commands:", "Type " + scene.parent.prefix() + " to confirm:", "PAUSED");
        press(KeyType.Enter); // Cancel has the focus: nothing happens
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(Screens.text(terminal)).doesNotContain("Exact commands:").doesNotContain("PAUSED"));
        assertThat(scene.broker.run(scene.parent).orElseThrow().isOpen()).isTrue();

        type("r");
        awaitScreen("Exact commands:");
        awaitScreen("the run progressed"); // a fresh run is refused unless forced
        press(KeyType.ReverseTab); // to the confirmation box
        type("deadbeef");
        press(KeyType.ReverseTab); // to "force"
        type(" ");
        press(KeyType.Tab); // the confirmation box
        press(KeyType.Tab); // Cancel
        press(KeyType.Tab); // Reap
        press(KeyType.Enter);
        awaitScreen("NOT CONFIRMED", "did not match");
        assertThat(scene.broker.run(scene.parent).orElseThrow().isOpen()).isTrue();

        press(KeyType.ReverseTab);
        for (int i = 0; i < 8; i++) {
            press(KeyType.Backspace);
        }
        type(scene.parent.prefix());
        press(KeyType.Tab);
        press(KeyType.Tab);
        press(KeyType.Enter);
        awaitScreen("DONE:", "verify:");
        press(KeyType.Enter); // Close
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(Screens.text(terminal)).doesNotContain("verify:").doesNotContain("PAUSED"));
        assertThat(scene.broker.run(scene.parent).map(RunInfo::isOpen).orElse(false)).isFalse();
        pacing.refresh();
        awaitScreen("audit", "reap " + scene.parent.prefix());
        String audit = Files.readString(scene.auditLog());
        assertThat(audit).contains("not_confirmed").contains("\"result\":\"done\"").doesNotContain(ConsoleScene.ADMIN_TOKEN);
    }

    @Test
    void aServerThatDiesMidSessionMarksPanelsStale_keysStillWork_andItRecovers() throws Exception {
        open(false);
        awaitScreen("health ok", scene.busy.prefix());
        scene.stopServer();
        pacing.refresh();
        awaitScreen("UNREACHABLE", "stale");
        assertThat(Screens.text(terminal)).contains(scene.busy.prefix()); // last data stays, marked stale
        type("?");
        awaitScreen("Verdicts of open runs");
        press(KeyType.Escape);

        scene.restartServer(); // same port, broker and clock
        pacing.refresh();
        awaitScreen("health ok", "Open runs (2)"); // the shutdown cancelled the fork: its child run is closed
        pacing.refresh(); // the stream panel follows the run list that refresh changed
        await().atMost(15, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(Screens.text(terminal)).contains("health ok").doesNotContain("stale").doesNotContain("UNREACHABLE"));
        assertThat(console.logLines()).anyMatch(l -> l.contains("health recovered"));
    }
}
