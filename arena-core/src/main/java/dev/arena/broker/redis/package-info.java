/**
 * The Redis Streams backend (docs/design.md, "Event path" and "Redis keys"): one server-side script assigns seqs and appends atomically,
 * one writer thread pipelines publishes, one tailer thread fans {@code XREAD} out to every local
 * reader. Construct it through {@link dev.arena.broker.Brokers}; the only other public type is
 * {@link dev.arena.broker.redis.RedisScripts}, one-key scripts for other shared state (the server registry).
 */
package dev.arena.broker.redis;
