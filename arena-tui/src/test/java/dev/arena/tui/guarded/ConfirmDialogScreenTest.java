package dev.arena.tui.guarded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.googlecode.lanterna.gui2.AsynchronousTextGUIThread;
import com.googlecode.lanterna.gui2.MultiWindowTextGUI;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import dev.arena.testkit.VirtualConsole;
import dev.arena.tui.terminal.PacedGUIThread;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The confirm dialog at 80×24: Esc cancels every kind of it without acting; the focus is marked
 * with {@code >} besides its colour; force is offered only where it gets past the refusal, and an
 * action force cannot help is shown as unavailable with the reason, without a field or an action
 * button.
 */
class ConfirmDialogScreenTest {

    private static final String TOKEN = "3f2b8c1e";

    private final VirtualConsole screen = new VirtualConsole(80, 24);
    private final List<String> executed = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private TerminalScreen terminalScreen;
    private MultiWindowTextGUI gui;

    @AfterEach
    void stop() throws IOException {
        if (gui != null) {
            ((AsynchronousTextGUIThread) gui.getGUIThread()).stop();
            terminalScreen.stopScreen();
        }
    }

    private PendingAction action(String refusal, boolean forceHelps) {
        return new PendingAction() {
            @Override
            public ConfirmPreview preview() {
                return new ConfirmPreview(
                        "Reap run " + TOKEN,
                        List.of("stream arena:run:" + TOKEN + " length 120"),
                        List.of("arena diag reap " + TOKEN + " --yes"),
                        refusal,
                        forceHelps);
            }

            @Override
            public String confirmToken() {
                return TOKEN;
            }

            @Override
            public ConfirmOutcome execute(String typed, boolean force) {
                executed.add(typed + (force ? " forced" : ""));
                return new ConfirmOutcome(ConfirmOutcome.Kind.DONE, "reaped", List.of());
            }
        };
    }

    private void open(PendingAction action) throws IOException {
        terminalScreen = new TerminalScreen(screen.terminal());
        terminalScreen.startScreen();
        // the console's own GUI thread: Lanterna's SeparateTextGUIThread marks itself started only after its
        // thread runs, and a thread that looks first sees "not started", ends at once, and never draws the dialog
        gui = new MultiWindowTextGUI(new PacedGUIThread.Factory(), terminalScreen);
        ((AsynchronousTextGUIThread) gui.getGUIThread()).start();
        ConfirmDialog dialog = new ConfirmDialog(
                action, "Reap", 72, Runnable::run, Runnable::run, outcome -> {}, () -> closed.set(true));
        // invokeLater, then wait on the screen: a GUI thread that died fails the wait with the screen printed
        // instead of blocking the test forever on invokeAndWait's latch
        gui.getGUIThread().invokeLater(() -> gui.addWindow(dialog));
        screen.awaitText("Reap run " + TOKEN);
    }

    @Test
    void escCancelsAPlainDialog_withTheTokenTyped_withoutActing() throws IOException {
        open(action(null, false));
        screen.type(TOKEN);
        screen.awaitText("[" + TOKEN);
        screen.press(KeyType.Escape);
        screen.awaitGone("Reap run " + TOKEN);
        await().untilTrue(closed);
        assertThat(executed).isEmpty();
    }

    @Test
    void escCancelsADialogWithForceTicked_withoutActing() throws IOException {
        open(action("the run progressed 5s ago (under 1m)", true));
        screen.awaitText("force (act anyway)");
        screen.press(KeyType.ReverseTab, KeyType.ReverseTab); // Cancel → field → force
        screen.awaitText("> force (act anyway)");
        screen.type(" ");
        screen.awaitText("[x] > force (act anyway)");
        screen.type(TOKEN);
        screen.press(KeyType.Escape);
        screen.awaitGone("Reap run " + TOKEN);
        await().untilTrue(closed);
        assertThat(executed).isEmpty();
    }

    @Test
    void escCancelsAnUnavailableAction() throws IOException {
        open(action("ARENA_ADMIN_TOKEN is not set in this shell: the server's admin endpoint needs it", false));
        screen.press(KeyType.Escape);
        screen.awaitGone("Reap run " + TOKEN);
        await().untilTrue(closed);
        assertThat(executed).isEmpty();
    }

    @Test
    void theFocusIsMarkedWithAnArrow_notOnlyByColour() throws IOException {
        open(action(null, false));
        screen.awaitText("> [Cancel] <", "  [Reap]  ", "  Type " + TOKEN + " to confirm:");
        screen.press(KeyType.Tab);
        screen.awaitText("  [Cancel]  ", "> [Reap] <");
        screen.press(KeyType.ReverseTab, KeyType.ReverseTab);
        screen.awaitText("> Type " + TOKEN + " to confirm:", "  [Cancel]  ", "  [Reap]  ");
    }

    @Test
    void forceIsOfferedWhereItGetsPastTheRefusal() throws IOException {
        open(action("the run progressed 5s ago (under 1m): triage it first, or add --force", true));
        screen.awaitText("Refused as things stand: the run progressed", "force (act anyway)", "[Reap]", "to confirm:");
    }

    @Test
    void anActionForceCannotHelp_saysWhyItIsUnavailable_andOffersNoFieldForceOrAction() throws IOException {
        open(action("ARENA_ADMIN_TOKEN is not set in this shell: the server's admin endpoint needs it", false));
        screen.awaitText("Unavailable: ARENA_ADMIN_TOKEN is not set", "force cannot get past this", "> [Close] <");
        assertThat(screen.text()).doesNotContain("force (act anyway)", "[Reap]", "to confirm:");
        screen.type(TOKEN);
        screen.press(KeyType.Enter); // Close
        screen.awaitGone("Reap run " + TOKEN);
        assertThat(executed).isEmpty();
    }
}
