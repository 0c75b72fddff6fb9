package dev.arena.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyType;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.testkit.VirtualConsole;
import dev.arena.tui.text.Cells;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private void open(boolean write, int cols, int rows) {
        screen = new VirtualConsole(cols, rows);
        console = scene.openConsole(screen, pacing, write);
    }

    private String rowOf(RunId run) {
        return screen.lines().stream()
                .filter(r -> r.contains(run.value()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(run.prefix() + " not on screen:\n" + screen.text()));
    }

    private boolean forkRunning() {
        return scene.broker.run(scene.child).map(RunInfo::isOpen).orElse(false);
    }

    @Test
    void cOnARunItsForkProduces_showsTheVisibleField_typingOnCancelGoesToIt_enterCancelsAndVerifies() throws Exception {
        open(true, 120, 40);
        screen.type(":go " + scene.child.prefix());
        screen.press(KeyType.Enter);
        screen.awaitText("Stream " + scene.child.prefix(), "c cancel fork");

        screen.type("c");
        screen.awaitText(
                "Cancel fork-" + scene.child.prefix(),
                "PAUSED",
                "STUCK, stage continuing",
                "at ",
                "Exact commands:",
                "/admin/forks/fork-" + scene.child.prefix() + "/cancel",
                "Type " + scene.child.prefix() + " to confirm",
                "to confirm: [____________]");
        screen.type(scene.child.prefix()); // the focus starts on Cancel: typing goes to the field anyway
        screen.awaitScreen(s -> assertThat(s.lines()).anyMatch(r -> r.contains("[" + scene.child.prefix() + "____]")));
        String dialog = screen.capture();
        assertThat(forkRunning()).isTrue();

        screen.press(KeyType.Enter); // Enter in the field confirms
        screen.awaitText(
                "DONE:",
                "verify: fork task fork-" + scene.child.prefix() + ": cancelled",
                "verify: GET /runs/" + scene.child + ": cancelled");
        assertThat(forkRunning()).isFalse();
        screen.press(KeyType.Enter); // Close
        screen.awaitGone("verify:", "PAUSED");
        pacing.refresh();
        screen.awaitText("cancelled", "audit");
        assertThat(Files.readString(scene.auditLog()))
                .contains("\"action\":\"cancel\"")
                .contains("\"result\":\"done\"")
                .doesNotContain(ConsoleScene.ADMIN_TOKEN);
        writeCapture("console-cancel-dialog.txt", dialog);
    }

    @Test
    void cOnTheForkPanel_isRefusedReadOnly_thenInWriteModeTheFieldIsReachableByTab_andEscChangesNothing() {
        open(false, 120, 40);
        screen.press(KeyType.Tab);
        screen.press(KeyType.Tab);
        screen.awaitText("Enter stack");
        assertThat(screen.lines().get(39)).doesNotContain("c cancel");
        screen.type("c");
        screen.awaitText("read-only: press W for write mode first (cancel refused)");
        screen.type("W");
        screen.awaitScreen(s -> assertThat(s.lines().get(39)).contains("c cancel", "r reap child"));

        screen.type("c");
        screen.awaitText("Cancel fork-" + scene.child.prefix(), "to confirm: [____________]");
        screen.press(KeyType.Tab); // Cancel → Cancel fork
        screen.press(KeyType.Tab); // → the field
        screen.type("x");
        screen.awaitScreen(s -> assertThat(s.lines()).anyMatch(r -> r.contains("[x___________]")));
        screen.press(KeyType.Escape);
        screen.awaitGone("to confirm: [", "PAUSED");
        assertThat(forkRunning()).isTrue();
    }

    @Test
    void whileADialogPausesTheRefresh_idleAndVerdictsStayAsRead_andMoveOnAfterIt() throws Exception {
        open(true, 160, 70);
        screen.awaitText(scene.busy.value());
        String before = rowOf(scene.busy);
        assertThat(before).contains("healthy");

        screen.type(":go " + scene.busy.prefix());
        screen.press(KeyType.Enter);
        screen.awaitText("Stream " + scene.busy.prefix());
        screen.type("r");
        screen.awaitText("Reap " + scene.busy.value(), "PAUSED");
        String pausedRow = rowOf(scene.busy);

        scene.clock.advance(ConsoleScene.STUCK_AFTER.multipliedBy(5)); // the busy run falls silent meanwhile
        pacing.refresh(); // fetches are skipped while paused; the once-a-second re-timing still runs
        String ago = "(" + Cells.duration(ConsoleScene.STUCK_AFTER.multipliedBy(5)) + " ago)";
        screen.awaitText(ago); // the header's refresh age moved on: the re-timed frame is drawn
        assertThat(rowOf(scene.busy)).isEqualTo(pausedRow).contains("healthy").doesNotContain("stalled");

        screen.press(KeyType.Escape);
        screen.awaitGone("PAUSED");
        pacing.refresh();
        screen.awaitScreen(s -> assertThat(rowOf(scene.busy)).contains("stalled"));
    }

    private static void writeCapture(String name, String text) throws Exception {
        Path out = Path.of(ConsoleCancelDialogIT.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .getParent();
        Files.writeString(out.resolve(name), text);
    }
}
