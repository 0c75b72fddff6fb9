/**
 * {@code arena demo}: an embedded server with fault injection, synthetic race traffic with
 * periodic forks (one of which stalls), ready for the console to attach to — the whole system in
 * one process, so a newcomer sees a stuck fork without setting anything up. Public surface:
 * {@link dev.arena.app.demo.DemoRig} (the embedded server, its data directory and the traffic) and
 * {@link dev.arena.app.demo.DemoTraffic} (the traffic alone); the console benchmarks reuse both.
 */
package dev.arena.app.demo;
