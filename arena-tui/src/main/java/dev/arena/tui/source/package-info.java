/**
 * Where the console's data comes from and where its actions go: {@link dev.arena.tui.source.ConsoleSource},
 * one blocking method per panel or action, and the rows it answers ({@link dev.arena.tui.source.RunRow},
 * {@link dev.arena.tui.source.StreamDetail}, {@link dev.arena.tui.source.MetricsSample},
 * {@link dev.arena.tui.source.TriageView}). {@link dev.arena.tui.source.DiagConsoleSource} reads the
 * diagnostics services of {@code dev.arena.diag} (server, Redis, triage, guarded actions);
 * {@link dev.arena.tui.source.SnapshotSource} serves fixed data for benchmarks and screen tests.
 */
package dev.arena.tui.source;
