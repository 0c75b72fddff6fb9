/**
 * The simulated agent: a seeded arena ({@link dev.arena.sim.SyntheticArena}) whose agents make
 * simulated LLM calls ({@link dev.arena.sim.SimulatedLlm}), deterministic for a seed. Server side:
 * fork tasks continue their child runs with it, and the traffic generators of
 * {@code dev.arena.traffic} drive it from the command line.
 */
package dev.arena.sim;
