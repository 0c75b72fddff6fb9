package dev.arena.diag.server;

import java.time.Instant;

/**
 * {@code GET /health} as the server reports it.
 *
 * @param status        {@code ok} or {@code degraded}
 * @param backend       {@code inprocess} or {@code redis}
 * @param redisUrl      the server's Redis URL, already masked by the server; null on in-process
 * @param redisPingMs   the server's Redis round trip, or null
 * @param duckdbPath    the server's DuckDB file
 * @param uptimeSeconds seconds since the server started
 * @param startedAt     when it started, or null
 * @param version       the server's version
 */
public record Health(
        String status,
        String backend,
        String redisUrl,
        Double redisPingMs,
        String duckdbPath,
        long uptimeSeconds,
        Instant startedAt,
        String version) {

    public boolean isOk() {
        return "ok".equals(status);
    }
}
