package dev.arena.tui;

import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.gui2.AsynchronousTextGUIThread;
import com.googlecode.lanterna.gui2.DefaultWindowManager;
import com.googlecode.lanterna.gui2.EmptySpace;
import com.googlecode.lanterna.gui2.MultiWindowTextGUI;
import com.googlecode.lanterna.gui2.SameTextGUIThread;
import com.googlecode.lanterna.gui2.TextGUIThreadFactory;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import dev.arena.tui.panel.Dashboard;
import dev.arena.tui.runbook.RunbookLibrary;
import dev.arena.tui.source.ConsoleSource;
import dev.arena.tui.state.ConsoleSettings;
import dev.arena.tui.state.ConsoleState;
import dev.arena.tui.terminal.MonochromeTerminal;
import dev.arena.tui.terminal.PacedGUIThread;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code arena console}: the dashboard (docs/design.md, "Console") on a Lanterna terminal. {@link #start} draws it on
 * its own GUI thread and refreshes every panel from the {@link ConsoleSource} in the background;
 * {@link #awaitQuit} blocks until the operator presses {@code q}; {@link #close} stops everything.
 * The caller owns the terminal and the source and closes them afterwards.
 */
public final class Console implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Console.class);

    private final Screen screen;
    private final MultiWindowTextGUI gui;
    private final ConsoleState state;
    private final Dashboard dashboard;
    private final ConsoleWindow window;
    private final Refresher refresher;
    private final ConsoleSource source;
    private final CountDownLatch quit = new CountDownLatch(1);
    private volatile boolean closed;

    private Console(
            Terminal terminal,
            ConsoleSource source,
            ConsoleSettings settings,
            Clock clock,
            TextGUIThreadFactory threads,
            RunbookLibrary runbooks,
            RefreshPacing pacing)
            throws IOException {
        this.source = source;
        this.screen = new TerminalScreen(settings.colour() ? terminal : new MonochromeTerminal(terminal));
        screen.startScreen();
        screen.setCursorPosition(null);
        this.gui = new MultiWindowTextGUI(
                threads, screen, new DefaultWindowManager(), null, new EmptySpace(TextColor.ANSI.DEFAULT));
        if (!settings.colour()) {
            gui.setTheme(MonochromeTerminal.theme());
        }
        this.state = new ConsoleState(settings, clock);
        this.dashboard = new Dashboard(state);
        this.window = new ConsoleWindow(dashboard, state, quit::countDown);
        this.refresher = new Refresher(
                source,
                state,
                r -> gui.getGUIThread().invokeLater(r),
                dashboard::invalidate,
                dashboard::visibleRuns,
                pacing);
        ConsoleActions actions =
                new ConsoleActions(gui, state, source, refresher, runbooks, dashboard::invalidate, window::close);
        window.wire(actions, refresher);
        gui.addWindow(window);
    }

    /**
     * Draws the console on {@code terminal} and starts refreshing; returns at once.
     *
     * @throws UncheckedIOException when the terminal cannot be set up
     */
    public static Console start(Terminal terminal, ConsoleSource source, ConsoleSettings settings, Clock clock) {
        return start(terminal, source, settings, clock, RefreshPacing.FIXED_DELAY);
    }

    /** {@link #start}, fetching when {@code pacing} says: tests refresh on their own command. */
    static Console start(
            Terminal terminal, ConsoleSource source, ConsoleSettings settings, Clock clock, RefreshPacing pacing) {
        return start(terminal, source, settings, clock, pacing, RunbookLibrary.bundled());
    }

    /** {@link #start}, fetching when {@code pacing} says and showing the runbooks of {@code runbooks}. */
    static Console start(
            Terminal terminal,
            ConsoleSource source,
            ConsoleSettings settings,
            Clock clock,
            RefreshPacing pacing,
            RunbookLibrary runbooks) {
        try {
            Console c = new Console(terminal, source, settings, clock, new PacedGUIThread.Factory(), runbooks, pacing);
            ((AsynchronousTextGUIThread) c.gui.getGUIThread()).start();
            c.state
                    .log()
                    .add("console started " + (settings.writeMode() ? "in WRITE mode" : "read-only (W for write mode)")
                            + "; ? for help");
            c.refresher.start();
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the terminal screen: " + e.getMessage(), e);
        }
    }

    /**
     * A console without a GUI thread or background refresh, driven entirely by the caller with
     * {@link #refreshNow} and {@link #drawNow}: for benchmarks and text captures.
     */
    public static Console manual(Terminal terminal, ConsoleSource source, ConsoleSettings settings, Clock clock) {
        try {
            return new Console(
                    terminal,
                    source,
                    settings,
                    clock,
                    new SameTextGUIThread.Factory(),
                    RunbookLibrary.bundled(),
                    RefreshPacing.FIXED_DELAY);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the terminal screen: " + e.getMessage(), e);
        }
    }

    /** Manual consoles only: fetches every panel once, synchronously, on the calling thread. */
    public void refreshNow() throws Exception {
        state.applyHealth(source.health());
        state.applyMetrics(source.metrics());
        state.applyForks(source.forks());
        state.applyRuns(source.openRuns(
                state.settings().runLimit(),
                dashboard.visibleRuns(),
                state.settings().detailBudget()));
        if (state.streamRun() != null) {
            state.applyStream(source.stream(state.streamRun(), 20));
        }
        state.applyAudit(source.auditTail(50));
    }

    /** Manual consoles only: redraws the whole screen on the calling thread (one frame). */
    public void drawNow() throws IOException {
        dashboard.invalidate();
        window.invalidate();
        gui.updateScreen();
    }

    /**
     * Manual consoles only: recomputes idle times, verdicts, sort and filter against the clock, as
     * the running console does once a second.
     */
    public void retimeNow() {
        state.retime();
    }

    /** Blocks until the operator quits (the main window closes). */
    public void awaitQuit() throws InterruptedException {
        quit.await();
    }

    /** Waits at most {@code timeout} for the operator to quit; true if they did. */
    public boolean awaitQuit(long timeout, TimeUnit unit) throws InterruptedException {
        return quit.await(timeout, unit);
    }

    /** Adds a line to the console's log panel; any thread. */
    void note(String message) {
        state.log().add(message);
    }

    /** The newest lines of the console's own log (actions, failures, recoveries), oldest first. */
    public List<String> logLines() {
        return state.log().lines();
    }

    /** Stops refreshing and the GUI thread and restores the terminal. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        refresher.close();
        if (gui.getGUIThread() instanceof AsynchronousTextGUIThread t) {
            t.stop();
            try {
                t.waitForStop(2, TimeUnit.SECONDS);
                if (t.getState() != AsynchronousTextGUIThread.State.STOPPED) {
                    LOG.warn("console GUI thread did not stop within 2s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            screen.stopScreen();
        } catch (IOException e) {
            LOG.warn("could not restore the terminal: {}", e.getMessage());
        }
        quit.countDown();
    }
}
