/**
 * The Redis Streams backend (docs/design.md, "Event path" and "Redis keys"): one server-side script assigns seqs and appends atomically,
 * one writer thread pipelines publishes, one tailer thread fans {@code XREAD} out to every local
 * reader. Construct it through {@link dev.arena.broker.Brokers}; nothing else here is public.
 */
package dev.arena.broker.redis;
