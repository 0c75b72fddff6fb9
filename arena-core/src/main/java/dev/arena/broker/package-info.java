/**
 * The broker API: run ids, events and envelopes, the {@link dev.arena.broker.EventBroker} contract
 * and its exceptions, the environment factory {@link dev.arena.broker.Brokers}, and the
 * {@link dev.arena.broker.Reaper}. Implementations live in {@code .inprocess} and {@code .redis}.
 */
package dev.arena.broker;
