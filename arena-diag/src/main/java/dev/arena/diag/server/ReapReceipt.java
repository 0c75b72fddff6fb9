package dev.arena.diag.server;

/** The server's answer to {@code POST /admin/runs/{id}/reap}: the run's final status and what was persisted. */
public record ReapReceipt(String runId, boolean reaped, String status, long eventsPersisted) {
}
