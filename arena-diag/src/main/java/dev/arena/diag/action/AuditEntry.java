package dev.arena.diag.action;

import java.time.Instant;

/**
 * One audit line, the same shape the server's admin endpoints write (docs/api.md):
 * {@code {"ts","action","target","actor","result","detail"}} plus the environment label.
 */
public record AuditEntry(Instant ts, String action, String target, String actor, String result, String detail, String env) {
}
