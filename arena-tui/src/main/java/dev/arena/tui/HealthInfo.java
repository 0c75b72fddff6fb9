package dev.arena.tui;

import java.time.Duration;

/**
 * What the header shows about the server: its answer to {@code /health}.
 *
 * @param status   {@code ok} or {@code degraded}
 * @param backend  {@code inprocess} or {@code redis}
 * @param redisUrl the masked Redis URL, or null on the in-process backend
 * @param pingMs   Redis round-trip in milliseconds, or null
 * @param uptime   server uptime, or null when unknown
 * @param version  server version, or null
 */
public record HealthInfo(String status, String backend, String redisUrl, Double pingMs, Duration uptime,
                         String version) {
}
