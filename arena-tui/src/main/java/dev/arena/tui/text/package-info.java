/**
 * How the console writes text: fixed-width cells for numbers, durations and times
 * ({@link dev.arena.tui.text.Cells}), styled lines for text views, word wrap, the colour scheme and
 * the few drawing moves every panel shares ({@link dev.arena.tui.text.Paint}), and one-line failure
 * reasons. No Arena types: the bottom of the console's packages.
 */
package dev.arena.tui.text;
