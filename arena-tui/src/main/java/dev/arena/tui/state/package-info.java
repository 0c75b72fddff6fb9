/**
 * What the console knows: its {@link dev.arena.tui.state.ConsoleSettings}, the latest value of each
 * source ({@link dev.arena.tui.state.Feed}, stale or not) and the view models built from them
 * (verdicts, rates, the runs table, the fork list, focus, the console's own log), gathered in
 * {@link dev.arena.tui.state.ConsoleState}. Plain classes tested without a terminal; confined to the
 * GUI thread unless a class says otherwise.
 */
package dev.arena.tui.state;
