package dev.arena.tui;

import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.arena.tui.panel.Dashboard;
import dev.arena.tui.panel.KeyMap;
import dev.arena.tui.state.ConsoleState;
import java.util.Locale;
import java.util.Set;

/**
 * The full-screen main window: the dashboard, and the key dispatch of {@link KeyMap}. Below 80×24
 * only {@code q} works. Write actions in read-only mode are refused with a hint, never run.
 */
final class ConsoleWindow extends BasicWindow {

    private final Dashboard dashboard;
    private final ConsoleState state;
    private ConsoleActions actions;
    private Refresher refresher;
    private final Runnable onClosed;

    ConsoleWindow(Dashboard dashboard, ConsoleState state, Runnable onClosed) {
        super("arena console");
        this.dashboard = dashboard;
        this.state = state;
        this.onClosed = onClosed;
        setHints(Set.of(Window.Hint.FULL_SCREEN, Window.Hint.NO_DECORATIONS, Window.Hint.NO_POST_RENDERING));
        setComponent(dashboard);
    }

    void wire(ConsoleActions actions, Refresher refresher) {
        this.actions = actions;
        this.refresher = refresher;
    }

    @Override
    public void close() {
        super.close();
        onClosed.run();
    }

    @Override
    public boolean handleInput(KeyStroke key) {
        if (key.getKeyType() == KeyType.EOF) {
            close();
            return true;
        }
        KeyMap.Action a = KeyMap.resolve(key);
        if (dashboard.tooSmall()) {
            if (a == KeyMap.Action.QUIT) {
                close();
            }
            return true;
        }
        if (a == null || actions == null) {
            return true;
        }
        if (KeyMap.writes(a) && !state.writeMode()) {
            state.log()
                    .add("read-only: press W for write mode first (" + a.name().toLowerCase(Locale.ROOT) + " refused)");
            dashboard.invalidate();
            return true;
        }
        int page = dashboard.runsPageSize(getSize());
        switch (a) {
            case QUIT -> close();
            case HELP -> actions.help();
            case FILTER -> actions.filter();
            case COMMAND -> actions.command();
            case NEXT_PANEL -> state.setFocus(state.focus().next());
            case PREVIOUS_PANEL -> state.setFocus(state.focus().previous());
            case UP -> move(-1);
            case DOWN -> move(1);
            case PAGE_UP -> move(-page);
            case PAGE_DOWN -> move(page);
            case ENTER -> actions.enter();
            case SORT -> state.cycleSort();
            case TRIAGE -> actions.triage();
            case REAP -> actions.reap();
            case CANCEL -> actions.cancel();
            case ROTATE -> actions.rotate();
            case RUNBOOK -> actions.runbook();
            case TOGGLE_WRITE -> actions.toggleWrite();
        }
        dashboard.invalidate();
        return true;
    }

    private void move(int delta) {
        switch (state.focus()) {
            case RUNS, STREAM -> {
                state.moveRuns(delta);
                refresher.refreshStreamSoon();
            }
            case FORKS -> state.forksList().move(delta);
            case LOG -> state.scrollLog(-delta);
        }
    }
}
