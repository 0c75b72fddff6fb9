package dev.arena.diag.redis;

/**
 * One producer-alive sentinel {@code arena:run:{id}:open}.
 *
 * @param runId     the run
 * @param ttlMillis remaining TTL in ms; -1 when the key has no expiry (a producer bug), -2 when it
 *                  vanished between SCAN and PTTL
 */
public record Sentinel(String runId, long ttlMillis) {}
