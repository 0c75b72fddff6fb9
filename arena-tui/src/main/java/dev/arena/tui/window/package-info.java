/**
 * The console's secondary windows: a scrollable text view (help, runbooks, triage, stacks, event
 * details) and a one-line prompt (the {@code /} filter and the {@code :} command line).
 */
package dev.arena.tui.window;
