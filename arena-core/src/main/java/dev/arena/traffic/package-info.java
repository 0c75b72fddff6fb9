/**
 * Synthetic producers a person runs against a broker or a server: the one-run
 * {@link dev.arena.traffic.Smoke} producer ({@code arena smoke}), the {@link dev.arena.traffic.Race}
 * load generator ({@code arena race}, the demo's traffic) and the {@link dev.arena.traffic.ForkLauncher}s
 * a race uses to start forks in-process or over HTTP. Client side only; the server never uses this package.
 */
package dev.arena.traffic;
