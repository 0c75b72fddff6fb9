/**
 * The console's hold on the terminal: the GUI thread that waits for a key, a resize or a task instead
 * of polling ({@link dev.arena.tui.terminal.PacedGUIThread}), and the colourless terminal for
 * {@code NO_COLOR} ({@link dev.arena.tui.terminal.MonochromeTerminal}). Only Lanterna; no Arena types.
 */
package dev.arena.tui.terminal;
