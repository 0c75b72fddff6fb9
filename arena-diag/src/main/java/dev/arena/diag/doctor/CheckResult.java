package dev.arena.diag.doctor;

import dev.arena.diag.Status;

/**
 * One doctor check.
 *
 * @param name    stable identifier, e.g. {@code redis.auth}
 * @param status  OK / WARNING / CRITICAL / UNKNOWN
 * @param message what was found
 * @param hint    what to do about it, or null when OK
 */
public record CheckResult(String name, Status status, String message, String hint) {

    static CheckResult ok(String name, String message) {
        return new CheckResult(name, Status.OK, message, null);
    }
}
