/**
 * Deterministic synthetic traffic: a seeded arena whose agents make simulated LLM calls, a one-run
 * {@link dev.arena.traffic.Smoke} producer and the {@link dev.arena.traffic.Race} load generator. Fork tasks
 * continue their child runs with the same arena, and the demo drives the console with it.
 */
package dev.arena.sim;
