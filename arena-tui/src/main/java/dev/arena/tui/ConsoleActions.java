package dev.arena.tui;

import com.googlecode.lanterna.gui2.ActionListBox;
import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.gui2.WindowBasedTextGUI;
import dev.arena.broker.Envelope;
import dev.arena.broker.RunId;
import dev.arena.tui.guarded.ConfirmDialog;
import dev.arena.tui.guarded.PendingAction;
import dev.arena.tui.panel.LogPanel;
import dev.arena.tui.runbook.MarkdownText;
import dev.arena.tui.runbook.RunbookLibrary;
import dev.arena.tui.source.ConsoleSource;
import dev.arena.tui.source.RunRow;
import dev.arena.tui.source.StreamDetail;
import dev.arena.tui.source.TriageView;
import dev.arena.tui.state.ConsoleState;
import dev.arena.tui.state.Focus;
import dev.arena.tui.text.Cells;
import dev.arena.tui.text.FailureText;
import dev.arena.tui.text.StyledLine;
import dev.arena.tui.window.PromptWindow;
import dev.arena.tui.window.TextViewWindow;
import dev.arena.wire.ForkTaskView;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the keys do beyond moving around: detail views, triage, the guarded actions, runbooks,
 * help, filter and command line. Runs on the GUI thread; every call to the source goes through
 * {@link Refresher#background} and comes back through {@code invokeLater}.
 */
final class ConsoleActions {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleActions.class);

    private final WindowBasedTextGUI gui;
    private final ConsoleState state;
    private final ConsoleSource source;
    private final Refresher refresher;
    private final RunbookLibrary runbooks;
    private final Runnable redraw;
    private final Runnable quit;

    ConsoleActions(
            WindowBasedTextGUI gui,
            ConsoleState state,
            ConsoleSource source,
            Refresher refresher,
            RunbookLibrary runbooks,
            Runnable redraw,
            Runnable quit) {
        this.gui = gui;
        this.state = state;
        this.source = source;
        this.refresher = refresher;
        this.runbooks = runbooks;
        this.redraw = redraw;
        this.quit = quit;
    }

    void help() {
        boolean write = state.writeMode();
        gui.addWindow(new TextViewWindow(
                "Help — keys (↑↓ PgUp PgDn scroll, q or Esc closes)", w -> HelpText.lines(write, w), null));
    }

    void filter() {
        gui.addWindow(new PromptWindow(
                "Filter open runs",
                "Run id, parent, status or verdict text (empty clears):",
                state.runsTable().filter(),
                promptWidth(),
                text -> {
                    state.refilter(text);
                    refresher.refreshStreamSoon();
                    redraw.run();
                }));
    }

    void command() {
        gui.addWindow(new PromptWindow("Command", ConsoleCommands.USAGE, "", promptWidth(), this::execute));
    }

    /** Columns a centred prompt's text may take: the screen less the window's frame and a margin. */
    private int promptWidth() {
        return gui.getScreen().getTerminalSize().getColumns() - 8;
    }

    void execute(String line) {
        try {
            ConsoleCommands.Parsed c = ConsoleCommands.parse(line);
            List<RunRow> rows =
                    state.runs().value() == null ? List.of() : state.runs().value();
            switch (c.verb()) {
                case "filter" -> state.refilter(c.arg());
                case "clear" -> state.refilter("");
                case "sort" -> state.setSort(ConsoleCommands.sortKey(c.arg()));
                case "go" -> state.selectRun(ConsoleCommands.resolveRun(c.arg(), rows));
                case "triage" -> triage(ConsoleCommands.resolveRun(c.arg(), rows));
                case "readers" -> readers();
                case "reap" -> {
                    if (!state.writeMode()) {
                        throw new IllegalArgumentException("read-only: press W for write mode before reaping");
                    }
                    reap(ConsoleCommands.resolveRun(c.arg(), rows));
                }
                case "runbook" -> runbook(c.arg());
                case "write" -> setWrite(true);
                case "read" -> setWrite(false);
                case "help" -> help();
                case "quit" -> quit.run();
                default -> throw new IllegalStateException(c.verb());
            }
        } catch (IllegalArgumentException e) {
            state.log().add(e.getMessage());
        }
        redraw.run();
    }

    void toggleWrite() {
        setWrite(!state.writeMode());
    }

    private void setWrite(boolean on) {
        state.setWriteMode(on);
        state.log()
                .add(
                        on
                                ? "write mode ON: r reap, c cancel fork, p rotate are enabled (each still asks for confirmation)"
                                : "read-only: guarded actions hidden");
        redraw.run();
    }

    void enter() {
        switch (state.focus()) {
            case FORKS -> forkDetail();
            case LOG ->
                gui.addWindow(TextViewWindow.ofLines("Audit / log", StyledLine.plain(LogPanel.lines(state)), null));
            default -> runDetail(state.targetRun());
        }
    }

    private void runDetail(RunId run) {
        if (run == null) {
            state.log().add("select a run first");
            return;
        }
        TextViewWindow w = TextViewWindow.ofLines("Run " + run, List.of(StyledLine.text("loading…")), null);
        gui.addWindow(w);
        refresher.background(() -> {
            List<StyledLine> lines = new ArrayList<>();
            try {
                StreamDetail d = source.stream(run, 50);
                RunRow r = d.run();
                lines.add(StyledLine.heading("run " + r.runId() + "  " + r.status()));
                lines.add(StyledLine.text(
                        "parent " + (r.parentRunId() == null ? "-" : r.parentRunId()) + "  started " + r.startedAt()));
                lines.add(StyledLine.text("head " + r.headSeq() + "  tail " + r.lastSeq() + "  length " + r.length()
                        + "  subscribers " + r.subscribers() + "  sentinel ttl "
                        + (r.sentinelTtl() == null ? "-" : Cells.duration(r.sentinelTtl()))));
                lines.add(StyledLine.text("last event " + r.lastEventAt()));
                lines.add(StyledLine.text(""));
                lines.add(StyledLine.heading("newest events"));
                for (Envelope e : d.lastEvents()) {
                    lines.add(StyledLine.of(StyledLine.Kind.CODE, e.toJson()));
                }
            } catch (Exception e) {
                lines.add(StyledLine.of(StyledLine.Kind.ALERT, "could not load the run: " + FailureText.describe(e)));
            }
            gui.getGUIThread().invokeLater(() -> w.setLines(lines));
        });
    }

    private void forkDetail() {
        ForkTaskView f = state.forksList().selectedRow();
        if (f == null) {
            state.log().add("no fork task selected");
            return;
        }
        List<StyledLine> lines = new ArrayList<>();
        lines.add(StyledLine.of(
                f.stuck() ? StyledLine.Kind.ALERT : StyledLine.Kind.HEADING,
                f.name() + "  " + f.state() + (f.stuck() ? "  STUCK" : f.slow() ? "  slow" : "")));
        if (f.stuck() || f.slow()) {
            lines.add(
                    StyledLine.text(
                            f.stuck()
                                    ? "stuck: idle past the stuck-after with the same stack across samples"
                                            + (f.stackUnchangedSeconds() == null
                                                    ? ""
                                                    : " (unchanged for "
                                                            + Cells.duration(Duration.ofMillis(
                                                                    (long) (f.stackUnchangedSeconds() * 1000)))
                                                            + ")")
                                    : "slow: idle past the stuck-after, but its stack moves between samples (working, not parked)"));
        }
        lines.add(StyledLine.text("parent " + f.parentRunId() + "  child " + f.childRunId()));
        lines.add(StyledLine.text("stage " + f.stage() + "  started " + f.startedAt() + "  idle "
                + Cells.duration(Duration.ofMillis((long) (f.idleSeconds() * 1000)))
                + "  events replayed " + f.eventsReplayed()));
        if (f.error() != null) {
            lines.add(StyledLine.of(StyledLine.Kind.ALERT, "error: " + f.error()));
        }
        lines.add(StyledLine.text(""));
        lines.add(StyledLine.heading(f.stack().isEmpty() ? "no stack (task not running)" : "stack, top first"));
        for (String frame : f.stack()) {
            lines.add(StyledLine.of(StyledLine.Kind.CODE, "  at " + frame));
        }
        lines.add(StyledLine.text(""));
        boolean canCancel = state.writeMode() && f.isRunning();
        lines.add(StyledLine.of(
                StyledLine.Kind.DIM,
                "t triages the child run; b opens the stuck-fork runbook; "
                        + (canCancel
                                ? "c cancels the task"
                                : f.isRunning()
                                        ? "cancelling needs write mode (W on the dashboard)"
                                        : "nothing to cancel: the task ended")
                        + "; q closes"));
        TextViewWindow w =
                TextViewWindow.ofLines("Fork task " + f.name(), lines, null).onKey('b', () -> runbook(STUCK_FORK));
        if (f.childRunId() != null && RunId.isValid(f.childRunId())) {
            RunId child = RunId.parse(f.childRunId());
            w.onKey('t', () -> triage(child));
        }
        if (canCancel) {
            String name = f.name();
            w.onKey('c', () -> guarded(() -> source.prepareCancel(name), "Cancel fork", "cancel " + name));
        }
        gui.addWindow(w);
    }

    void triage() {
        RunId run = state.targetRun();
        if (run == null) {
            state.log().add("select a run or fork task first");
            redraw.run();
            return;
        }
        triage(run);
    }

    private void triage(RunId run) {
        boolean write = state.writeMode();
        TextViewWindow w = TextViewWindow.ofLines(
                        "Triage " + run.prefix(),
                        List.of(StyledLine.text("triaging " + run + " (watching metrics for a few seconds)…")),
                        null)
                .onKey('b', () -> runbook(STUCK_FORK));
        if (write) {
            w.onKey('r', () -> reap(run));
        }
        gui.addWindow(w);
        refresher.background(() -> {
            List<StyledLine> lines;
            try {
                TriageView t = source.triage(run);
                lines = TriageText.lines(run, t, write);
                state.log().add("triage " + run.prefix() + ": " + t.verdict());
            } catch (Exception e) {
                lines = List.of(StyledLine.of(StyledLine.Kind.ALERT, "triage failed: " + FailureText.describe(e)));
            }
            List<StyledLine> done = lines;
            gui.getGUIThread().invokeLater(() -> {
                w.setLines(done);
                redraw.run();
            });
        });
    }

    /** {@code :readers}: who reads from the server, the furthest behind first (runbooks/readers.md). */
    private void readers() {
        TextViewWindow w = TextViewWindow.ofLines(
                        "Readers", List.of(StyledLine.text("asking the server for its readers…")), null)
                .onKey('b', () -> runbook("readers.md"));
        gui.addWindow(w);
        refresher.background(() -> {
            List<StyledLine> lines;
            try {
                lines = ReadersText.lines(source.readers());
            } catch (Exception e) {
                lines = List.of(StyledLine.of(StyledLine.Kind.ALERT, "readers failed: " + FailureText.describe(e)));
            }
            List<StyledLine> done = lines;
            gui.getGUIThread().invokeLater(() -> {
                w.setLines(done);
                redraw.run();
            });
        });
    }

    void reap() {
        RunId run = state.targetRun();
        if (run == null) {
            state.log().add("select a run first");
            redraw.run();
            return;
        }
        reap(run);
    }

    private void reap(RunId run) {
        guarded(() -> source.prepareReap(run), "Reap", "reap " + run.prefix());
    }

    /** {@code c}: cancels the fork task of {@link ConsoleState#targetFork()} through the guarded runner. */
    void cancel() {
        ForkTaskView f = state.targetFork();
        if (f == null) {
            RunId run = state.targetRun();
            state.log()
                    .add(
                            run == null
                                    ? "select a fork task (or a run a fork task produces) first"
                                    : "no running fork task produces run " + run.prefix()
                                            + ": nothing to cancel (r reaps the run)");
            redraw.run();
            return;
        }
        String name = f.name();
        guarded(() -> source.prepareCancel(name), "Cancel fork", "cancel " + name);
    }

    void rotate() {
        guarded(source::prepareRotation, "Add new password", "rotate-password");
    }

    /**
     * Pauses refresh, prepares the action off the GUI thread, then opens its confirm dialog; a
     * multi-step action opens its next step after a successful one.
     */
    private void guarded(Callable<PendingAction> prepare, String verb, String logName) {
        state.setPaused(true);
        redraw.run();
        refresher.background(() -> {
            try {
                PendingAction p = prepare.call();
                gui.getGUIThread().invokeLater(() -> openConfirm(p, verb, logName));
            } catch (Exception e) {
                gui.getGUIThread().invokeLater(() -> {
                    state.setPaused(false);
                    state.log().add(logName + ": cannot prepare: " + FailureText.describe(e));
                    redraw.run();
                });
            }
        });
    }

    private void openConfirm(PendingAction action, String verb, String logName) {
        boolean[] succeeded = {false};
        int width = Math.max(40, gui.getScreen().getTerminalSize().getColumns() - 8);
        ConfirmDialog d = new ConfirmDialog(
                action,
                verb,
                width,
                refresher::background,
                r -> gui.getGUIThread().invokeLater(r),
                outcome -> {
                    succeeded[0] = outcome.ok();
                    state.log().add(logName + " " + outcome.line());
                    redraw.run();
                },
                () -> {
                    state.setPaused(false);
                    redraw.run();
                    if (succeeded[0]) {
                        guardedNext(action, logName);
                    }
                });
        gui.addWindow(d);
    }

    private void guardedNext(PendingAction done, String logName) {
        refresher.background(() -> {
            try {
                PendingAction next = done.next();
                if (next != null) {
                    gui.getGUIThread().invokeLater(() -> {
                        state.setPaused(true);
                        openConfirm(next, "Finish", logName);
                    });
                }
            } catch (Exception e) {
                gui.getGUIThread().invokeLater(() -> state.log()
                        .add(logName + ": next step unavailable: " + FailureText.describe(e)));
            }
        });
    }

    void runbook() {
        runbook(keywordsFor(state.focus(), state.redisBackend()));
    }

    private static final List<String> STUCK_FORK = List.of("stuck", "fork", "reap");

    /** Opens the runbook the keywords pick, or the picker when none matches. */
    private void runbook(List<String> keywords) {
        Optional<String> name;
        try {
            name = runbooks.pick(keywords);
        } catch (IOException e) {
            runbooksUnreadable(e);
            return;
        }
        runbook(name.orElse(""));
    }

    private void runbook(String name) {
        List<String> names;
        try {
            names = runbooks.names();
        } catch (IOException e) {
            runbooksUnreadable(e);
            return;
        }
        if (names.isEmpty()) {
            state.log().add("no runbooks bundled in this build");
            return;
        }
        if (name.isBlank()) {
            BasicWindow picker = new BasicWindow("Runbooks (Enter opens, Esc closes)");
            picker.setHints(Set.of(Window.Hint.CENTERED, Window.Hint.MODAL));
            picker.setCloseWindowWithEscape(true);
            ActionListBox list = new ActionListBox();
            for (String n : names) {
                list.addItem(n, () -> {
                    picker.close();
                    showRunbook(n);
                });
            }
            picker.setComponent(list);
            gui.addWindow(picker);
            return;
        }
        String file = name.endsWith(".md") ? name : name + ".md";
        Optional<String> match = names.contains(file)
                ? Optional.of(file)
                : names.stream().filter(n -> n.contains(name)).findFirst();
        if (match.isEmpty()) {
            state.log().add("no runbook named '" + Cells.cut(name, 30) + "'; bundled: " + String.join(", ", names));
            return;
        }
        showRunbook(match.get());
    }

    private void runbooksUnreadable(IOException e) {
        LOG.warn("the bundled runbooks cannot be listed", e);
        state.log().add("runbooks cannot be listed: " + FailureText.describe(e));
    }

    private void showRunbook(String name) {
        String md;
        try {
            md = runbooks.read(name).orElse("# " + name + "\n\nThis runbook is not bundled in this build.");
        } catch (IOException e) {
            LOG.warn("runbook {} cannot be read", name, e);
            state.log().add(FailureText.describe(e));
            md = "# " + name + "\n\nThis runbook cannot be read: " + FailureText.describe(e);
        }
        String text = md;
        gui.addWindow(new TextViewWindow(
                "Runbook " + name + " (↑↓ PgUp PgDn scroll, q closes)", w -> MarkdownText.render(text, w), null));
    }

    /** Keywords for what is focused: runs and forks → stuck-fork runbook; the log → Redis operations. */
    private static List<String> keywordsFor(Focus focus, boolean redisBackend) {
        return switch (focus) {
            case RUNS, STREAM, FORKS -> STUCK_FORK;
            case LOG -> redisBackend ? List.of("redis", "rotat", "backend") : List.of("backend", "redis");
        };
    }
}
