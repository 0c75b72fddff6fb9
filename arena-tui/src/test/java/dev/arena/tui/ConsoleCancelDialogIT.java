package dev.arena.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyType;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.tui.text.Cells;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cancelling from the console against a real embedded server ({@link ConsoleScene}), drawn on Lanterna's
 * virtual terminal: {@code c} cancels a stuck fork task through the shared guarded runner; the
 * confirm dialog shows its field and typing reaches it from a button; idle times and verdicts stay
 * as read while a dialog pauses the refresh.
 */
class ConsoleCancelDialogIT {

    @RegisterExtension
    final ConsoleStage stage = new ConsoleStage();

    private String rowOf(RunId run) {
        return stage.screen.lines().stream()
                .filter(r -> r.contains(run.value()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(run.prefix() + " not on screen:\n" + stage.screen.text()));
    }

    private boolean forkRunning() {
        return stage.scene.broker.run(stage.scene.child).map(RunInfo::isOpen).orElse(false);
    }

    @Test
    void cOnARunItsForkProduces_showsTheVisibleField_typingOnCancelGoesToIt_enterCancelsAndVerifies() throws Exception {
        stage.open(true, 120, 40);
        stage.screen.type(":go " + stage.scene.child.prefix());
        stage.screen.press(KeyType.Enter);
        stage.screen.awaitText("Stream " + stage.scene.child.prefix(), "c cancel fork");

        stage.screen.type("c");
        stage.screen.awaitText(
                "Cancel fork-" + stage.scene.child.prefix(),
                "PAUSED",
                "STUCK, stage continuing",
                "at ",
                "Exact commands:",
                "/admin/forks/fork-" + stage.scene.child.prefix() + "/cancel",
                "Type " + stage.scene.child.prefix() + " to confirm",
                "to confirm: [____________]");
        stage.screen.type(stage.scene.child.prefix()); // the focus starts on Cancel: typing goes to the field anyway
        stage.screen.awaitScreen(
                s -> assertThat(s.lines()).anyMatch(r -> r.contains("[" + stage.scene.child.prefix() + "____]")));
        String dialog = stage.screen.capture();
        assertThat(forkRunning()).isTrue();

        stage.screen.press(KeyType.Enter); // Enter in the field confirms
        stage.screen.awaitText(
                "DONE:",
                "verify: fork task fork-" + stage.scene.child.prefix() + ": cancelled",
                "verify: GET /runs/" + stage.scene.child + ": cancelled");
        assertThat(forkRunning()).isFalse();
        stage.screen.press(KeyType.Enter); // Close
        stage.screen.awaitGone("verify:", "PAUSED");
        stage.pacing.refresh();
        stage.screen.awaitText("cancelled", "audit");
        assertThat(Files.readString(stage.scene.auditLog()))
                .contains("\"action\":\"cancel\"")
                .contains("\"result\":\"done\"")
                .doesNotContain(ConsoleScene.ADMIN_TOKEN);
        writeCapture("console-cancel-dialog.txt", dialog);
    }

    @Test
    void cOnTheForkPanel_isRefusedReadOnly_thenInWriteModeTheFieldIsReachableByTab_andEscChangesNothing() {
        stage.open(false, 120, 40);
        stage.screen.press(KeyType.Tab);
        stage.screen.press(KeyType.Tab);
        stage.screen.awaitText("Enter stack");
        assertThat(stage.screen.lines().get(39)).doesNotContain("c cancel");
        stage.screen.type("c");
        stage.screen.awaitText("read-only: press W for write mode first (cancel refused)");
        stage.screen.type("W");
        stage.screen.awaitScreen(s -> assertThat(s.lines().get(39)).contains("c cancel", "r reap child"));

        stage.screen.type("c");
        stage.screen.awaitText("Cancel fork-" + stage.scene.child.prefix(), "to confirm: [____________]");
        stage.screen.press(KeyType.Tab); // Cancel → Cancel fork
        stage.screen.press(KeyType.Tab); // → the field
        stage.screen.type("x");
        stage.screen.awaitScreen(s -> assertThat(s.lines()).anyMatch(r -> r.contains("[x___________]")));
        stage.screen.press(KeyType.Escape);
        stage.screen.awaitGone("to confirm: [", "PAUSED");
        assertThat(forkRunning()).isTrue();
    }

    @Test
    void whileADialogPausesTheRefresh_idleAndVerdictsStayAsRead_andMoveOnAfterIt() throws Exception {
        stage.open(true, 160, 70);
        stage.screen.awaitText(stage.scene.busy.value());
        String before = rowOf(stage.scene.busy);
        assertThat(before).contains("healthy");

        stage.screen.type(":go " + stage.scene.busy.prefix());
        stage.screen.press(KeyType.Enter);
        stage.screen.awaitText("Stream " + stage.scene.busy.prefix());
        stage.screen.type("r");
        stage.screen.awaitText("Reap " + stage.scene.busy.value(), "PAUSED");
        String pausedRow = rowOf(stage.scene.busy);

        stage.scene.clock.advance(ConsoleScene.STUCK_AFTER.multipliedBy(5)); // the busy run falls silent meanwhile
        stage.pacing.refresh(); // fetches are skipped while paused; the once-a-second re-timing still runs
        String ago = "(" + Cells.duration(ConsoleScene.STUCK_AFTER.multipliedBy(5)) + " ago)";
        stage.screen.awaitText(ago); // the header's refresh age moved on: the re-timed frame is drawn
        assertThat(rowOf(stage.scene.busy))
                .isEqualTo(pausedRow)
                .contains("healthy")
                .doesNotContain("stalled");

        stage.screen.press(KeyType.Escape);
        stage.screen.awaitGone("PAUSED");
        stage.pacing.refresh();
        stage.screen.awaitScreen(s -> assertThat(rowOf(stage.scene.busy)).contains("stalled"));
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
