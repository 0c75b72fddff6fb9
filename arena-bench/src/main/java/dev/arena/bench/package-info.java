/**
 * The benchmarks behind the figures in docs/benchmarks.md, kept out of the default build (profile
 * {@code bench}) so no test ever asserts a speed. Each public class is a {@code main} to run by
 * hand: {@link dev.arena.bench.PublishBench} (publish throughput of both backends),
 * {@link dev.arena.bench.SseBench} (publish→SSE latency, clients one server holds, DuckDB persist
 * time), {@link dev.arena.bench.DiagBench} ({@code arena diag} start-up and sentinel scans),
 * {@link dev.arena.bench.ConsoleBench} (console frame time and CPU),
 * {@link dev.arena.bench.ArchiveBench} (archive lag while a producer publishes at full speed),
 * {@link dev.arena.bench.ColdReadBench} (a finished run streamed from the store over SSE) and
 * {@link dev.arena.bench.ConsoleCapture} (the screen captures in docs/console.md); everything else
 * is package-private.
 */
package dev.arena.bench;
