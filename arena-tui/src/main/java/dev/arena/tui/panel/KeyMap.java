package dev.arena.tui.panel;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.arena.tui.state.Focus;
import java.util.ArrayList;
import java.util.List;

/**
 * The console's keys (operator-TUI habits, listed in docs/console.md "Keys") and the hints the bottom bar shows for the
 * focused panel. Write actions ({@code r}, {@code c}, {@code p}) are neither shown nor accepted read-only.
 */
public final class KeyMap {

    /** What a key does. */
    public enum Action {
        HELP,
        FILTER,
        COMMAND,
        UP,
        DOWN,
        PAGE_UP,
        PAGE_DOWN,
        ENTER,
        NEXT_PANEL,
        PREVIOUS_PANEL,
        SORT,
        TRIAGE,
        REAP,
        CANCEL,
        ROTATE,
        RUNBOOK,
        TOGGLE_WRITE,
        QUIT
    }

    /** One bottom-bar entry. */
    record Hint(String key, String label) {}

    private KeyMap() {}

    /** The action for a key stroke, or null when the key means nothing here. */
    public static Action resolve(KeyStroke k) {
        if (k.getKeyType() == KeyType.Character
                && k.isCtrlDown()
                && (k.getCharacter() == 'c' || k.getCharacter() == 'C')) {
            return Action.QUIT; // Ctrl-C: the terminal traps it so quitting is as clean as q
        }
        if (k.getKeyType() == KeyType.Character && !k.isCtrlDown() && !k.isAltDown()) {
            return switch (k.getCharacter()) {
                case '?' -> Action.HELP;
                case '/' -> Action.FILTER;
                case ':' -> Action.COMMAND;
                case 'k' -> Action.UP;
                case 'j' -> Action.DOWN;
                case 's' -> Action.SORT;
                case 't' -> Action.TRIAGE;
                case 'r' -> Action.REAP;
                case 'c' -> Action.CANCEL;
                case 'p' -> Action.ROTATE;
                case 'b' -> Action.RUNBOOK;
                case 'W' -> Action.TOGGLE_WRITE;
                case 'q' -> Action.QUIT;
                default -> null;
            };
        }
        return switch (k.getKeyType()) {
            case ArrowUp -> Action.UP;
            case ArrowDown -> Action.DOWN;
            case PageUp -> Action.PAGE_UP;
            case PageDown -> Action.PAGE_DOWN;
            case Enter -> Action.ENTER;
            case Tab -> Action.NEXT_PANEL;
            case ReverseTab -> Action.PREVIOUS_PANEL;
            default -> null;
        };
    }

    /** True when the action changes something and therefore needs write mode. */
    public static boolean writes(Action a) {
        return a == Action.REAP || a == Action.CANCEL || a == Action.ROTATE;
    }

    /** The bottom bar for {@code focus} without a running fork task behind the selected run. */
    static List<Hint> hints(Focus focus, boolean writeMode) {
        return hints(focus, writeMode, false);
    }

    /**
     * The bottom bar for {@code focus}: the panel's own keys first, then the global ones.
     *
     * @param forkOnTarget a running fork task produces the selected run, so {@code c} can cancel it
     */
    static List<Hint> hints(Focus focus, boolean writeMode, boolean forkOnTarget) {
        List<Hint> out = new ArrayList<>();
        switch (focus) {
            case RUNS -> {
                out.add(new Hint("↑↓/jk", "move"));
                out.add(new Hint("Enter", "detail"));
                out.add(new Hint("t", "triage"));
                if (writeMode) {
                    out.add(new Hint("r", "reap"));
                    if (forkOnTarget) {
                        out.add(new Hint("c", "cancel fork"));
                    }
                }
                out.add(new Hint("/", "filter"));
                out.add(new Hint("s", "sort"));
            }
            case STREAM -> {
                out.add(new Hint("↑↓/jk", "run"));
                out.add(new Hint("Enter", "events"));
                out.add(new Hint("t", "triage"));
                if (writeMode) {
                    out.add(new Hint("r", "reap"));
                    if (forkOnTarget) {
                        out.add(new Hint("c", "cancel fork"));
                    }
                }
            }
            case FORKS -> {
                out.add(new Hint("↑↓/jk", "move"));
                out.add(new Hint("Enter", "stack"));
                out.add(new Hint("t", "triage"));
                if (writeMode) {
                    out.add(new Hint("c", "cancel"));
                    out.add(new Hint("r", "reap child"));
                }
            }
            case LOG -> out.add(new Hint("↑↓/jk", "scroll"));
        }
        out.add(new Hint("b", "runbook"));
        if (writeMode) {
            out.add(new Hint("p", "rotate"));
        }
        out.add(new Hint("Tab", "panel"));
        out.add(new Hint(":", "cmd"));
        out.add(new Hint("?", "help"));
        out.add(new Hint("W", writeMode ? "read-only" : "write"));
        out.add(new Hint("q", "quit"));
        return out;
    }
}
