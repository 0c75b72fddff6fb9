/**
 * Read-only, bounded inspection of the Redis broker state (docs/design.md, "Redis keys") with Lettuce directly (it
 * does not depend on the broker's Redis backend): open-run sentinels by pipelined SCAN, stream
 * head/tail and last event by XINFO, connected clients by name, server settings. Never KEYS,
 * never a long blocking command.
 */
package dev.arena.diag.redis;
