package dev.arena.tui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.config.ArenaConfig;
import dev.arena.diag.DiagContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancelling from the console against a real embedded server ({@link ConsoleScene}), drawn on Lanterna's
 * virtual terminal: {@code c} cancels a stuck fork task through the shared guarded runner; the
 * confirm dialog shows its field and typing reaches it from a button; idle times and verdicts stay
 * as read while a dialog pauses the refresh.
 */
class ConsoleCancelDialogIT {

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

    private void open(boolean write, int cols, int rows) {
        terminal = new DefaultVirtualTerminal(new TerminalSize(cols, rows));
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

    private String rowOf(RunId run) {
        return Screens.rows(terminal).stream().filter(r -> r.contains(run.value()))
                .findFirst().orElseThrow(() -> new AssertionError(run.prefix() + " not on screen:\n" + Screens.text(terminal)));
    }

    private boolean forkRunning() {
        return scene.broker.run(scene.child).map(RunInfo::isOpen).orElse(false);
    }

    @Test
    void cOnARunItsForkProduces_showsTheVisibleField_typingOnCancelGoesToIt_enterCancelsAndVerifies() throws Exception {
        open(true, 120, 40);
        type(":go " + scene.child.prefix());
        press(KeyType.Enter);
        awaitScreen("Stream " + scene.child.prefix(), "c cancel fork");

        type("c");
        awaitScreen("Cancel fork-" + scene.child.prefix(), "PAUSED", "STUCK, stage continuing", "at ", "Exact commands:",
                "/admin/forks/fork-" + scene.child.prefix() + "/cancel", "Type " + scene.child.prefix() + " to confirm",
                "to confirm: [____________]");
        type(scene.child.prefix()); // the focus starts on Cancel: typing goes to the field anyway
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(Screens.rows(terminal)).anyMatch(r -> r.contains("[" + scene.child.prefix() + "____]")));
        String dialog = Screens.capture(terminal);
        assertThat(forkRunning()).isTrue();

        press(KeyType.Enter); // Enter in the field confirms
        awaitScreen("DONE:", "verify: fork task fork-" + scene.child.prefix() + ": cancelled",
                "verify: GET /runs/" + scene.child + ": cancelled");
        assertThat(forkRunning()).isFalse();
        press(KeyType.Enter); // Close
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(Screens.text(terminal)).doesNotContain("verify:").doesNotContain("PAUSED"));
        pacing.refresh();
        awaitScreen("cancelled", "audit");
        assertThat(Files.readString(scene.auditLog())).contains("\"action\":\"cancel\"").contains("\"result\":\"done\"")
                .doesNotContain(ConsoleScene.ADMIN_TOKEN);
        writeCapture("console-cancel-dialog.txt", dialog);
    }

    @Test
    void cOnTheForkPanel_isRefusedReadOnly_thenInWriteModeTheFieldIsReachableByTab_andEscChangesNothing() {
        open(false, 120, 40);
        press(KeyType.Tab);
        press(KeyType.Tab);
        awaitScreen("Enter stack");
        assertThat(Screens.rows(terminal).get(39)).doesNotContain("c cancel");
        type("c");
        awaitScreen("read-only: press W for write mode first (cancel refused)");
        type("W");
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(Screens.rows(terminal).get(39)).contains("c cancel", "r reap child"));

        type("c");
        awaitScreen("Cancel fork-" + scene.child.prefix(), "to confirm: [____________]");
        press(KeyType.Tab); // Cancel → Cancel fork
        press(KeyType.Tab); // → the field
        type("x");
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(Screens.rows(terminal)).anyMatch(r -> r.contains("[x___________]")));
        press(KeyType.Escape);
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(Screens.text(terminal)).doesNotContain("to confirm: [").doesNotContain("PAUSED"));
        assertThat(forkRunning()).isTrue();
    }

    @Test
    void whileADialogPausesTheRefresh_idleAndVerdictsStayAsRead_andMoveOnAfterIt() throws Exception {
        open(true, 160, 70);
        awaitScreen(scene.busy.value());
        String before = rowOf(scene.busy);
        assertThat(before).contains("healthy");

        type(":go " + scene.busy.prefix());
        press(KeyType.Enter);
        awaitScreen("Stream " + scene.busy.prefix());
        type("r");
        awaitScreen("Reap " + scene.busy.value(), "PAUSED");
        String pausedRow = rowOf(scene.busy);

        scene.clock.advance(ConsoleScene.STUCK_AFTER.multipliedBy(5)); // the busy run falls silent meanwhile
        pacing.refresh(); // fetches are skipped while paused; the once-a-second re-timing still runs
        String ago = "(" + Cells.duration(ConsoleScene.STUCK_AFTER.multipliedBy(5)) + " ago)";
        awaitScreen(ago); // the header's refresh age moved on: the re-timed frame is drawn
        assertThat(rowOf(scene.busy)).isEqualTo(pausedRow).contains("healthy").doesNotContain("stalled");

        press(KeyType.Escape);
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(Screens.text(terminal)).doesNotContain("PAUSED"));
        pacing.refresh();
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(rowOf(scene.busy)).contains("stalled"));
    }

    private static void writeCapture(String name, String text) throws Exception {
        Path out = Path.of(ConsoleCancelDialogIT.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        Files.writeString(out.resolve(name), text);
    }
}
