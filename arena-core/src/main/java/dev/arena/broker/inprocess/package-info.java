/**
 * The default backend: runs held in this JVM's memory, so only this process sees them — the right
 * choice when one process produces and serves (docs/design.md, "Event path"). Only
 * {@link dev.arena.broker.inprocess.InProcessEventBroker} is public; construct it through
 * {@link dev.arena.broker.Brokers} unless a test needs to inject settings and a clock.
 */
package dev.arena.broker.inprocess;
