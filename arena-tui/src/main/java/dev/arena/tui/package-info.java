/**
 * {@code arena console}: the on-call dashboard (docs/design.md, "Console"; docs/console.md), drawn with Lanterna gui2.
 *
 * <p>Data comes in through {@link dev.arena.tui.ConsoleSource} (implemented on top of the
 * diagnostics services of {@code dev.arena.diag}); every call to it runs off the GUI thread and
 * results reach the screen through {@code invokeLater}. Formatting, rates, verdicts, sorting and
 * filtering live in plain view-model classes that are tested without a terminal; the panel classes
 * only draw them. {@link dev.arena.tui.Console} is the entry point.
 */
package dev.arena.tui;
