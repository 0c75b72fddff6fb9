/**
 * Time as the rest of the code reads it: {@link dev.arena.time.Ticker} for elapsed time and
 * waiting (injected; the test kit has a hand-moved one), {@link java.time.Clock} for wall time.
 * Main code never calls {@code System.nanoTime} or {@code Thread.sleep} directly — the
 * architecture rules check that.
 */
package dev.arena.time;
