/**
 * The dashboard's drawing: {@link dev.arena.tui.panel.Dashboard} lays the panels out for the terminal
 * size ({@link dev.arena.tui.panel.ConsoleLayout}) and each panel paints its part of the
 * {@code ConsoleState}; {@link dev.arena.tui.panel.KeyMap} says what the keys mean and which hints the
 * key bar shows. Drawing only, on the GUI thread; the numbers come from {@code dev.arena.tui.state}.
 */
package dev.arena.tui.panel;
