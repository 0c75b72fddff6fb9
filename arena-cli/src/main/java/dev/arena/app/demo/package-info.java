/**
 * {@code arena demo}: an embedded server with fault injection, synthetic race traffic with
 * periodic forks (one of which stalls), ready for the console to attach to.
 */
package dev.arena.app.demo;
