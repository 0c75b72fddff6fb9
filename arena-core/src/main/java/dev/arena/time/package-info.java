/**
 * Time as the rest of the code reads it: {@link dev.arena.time.Ticker} for elapsed time and
 * waiting (injected; arena-core's test jar has a hand-moved {@code ManualTicker}), {@link java.time.Clock}
 * for wall time. Outside {@code SystemTicker}, main code calls {@code System.nanoTime} or
 * {@code Thread.sleep} only for the synthetic producers' pacing ({@code SimulatedLlm},
 * {@code DemoTraffic}); arena-rules' {@code TimeRulesTest} checks it.
 */
package dev.arena.time;
