/**
 * Read-only, bounded inspection of the Redis broker state (docs/design.md, "Redis keys") with Lettuce directly (it
 * does not depend on the broker's Redis backend): open-run sentinels by pipelined SCAN, stream
 * head/tail and last event by XINFO, connected clients by name, server settings. Never KEYS,
 * never a long blocking command. On a Redis Cluster ({@link dev.arena.diag.redis.RedisSession} detects it)
 * scans run on every master, a run's commands go to its slot's master, and clients and server facts
 * are read from every node; a standalone Redis is the one-node case ({@link dev.arena.diag.redis.Topology}).
 */
package dev.arena.diag.redis;
