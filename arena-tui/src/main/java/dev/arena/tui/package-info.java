/**
 * {@code arena console}: the on-call dashboard (docs/design.md, "Console"; docs/console.md), drawn with Lanterna gui2.
 * {@link dev.arena.tui.Console} is the entry point; {@link dev.arena.tui.ConsoleLauncher} runs it on
 * the process's own terminal.
 *
 * <p>This package wires the parts together: the main window's key dispatch, the actions behind the
 * keys and the {@code :} command line, and the {@code Refresher}, which calls the
 * {@link dev.arena.tui.source.ConsoleSource} off the GUI thread and hands results to the GUI thread
 * through {@code invokeLater}. The parts live in subpackages, lowest first: {@code text} (cells,
 * styled lines, colours), {@code terminal} (GUI thread, colourless terminal), {@code runbook},
 * {@code guarded} (guarded actions and their confirm dialog), {@code source} (what the console
 * reads), {@code state} (settings, feeds and view models), {@code window} and {@code panel}.
 */
package dev.arena.tui;
