/**
 * Deterministic synthetic traffic: a seeded arena whose agents make simulated LLM calls, a one-run
 * {@link dev.arena.sim.Smoke} producer and the {@link dev.arena.sim.Race} load generator. Fork tasks
 * continue their child runs with the same arena, and the demo drives the console with it.
 */
package dev.arena.sim;
