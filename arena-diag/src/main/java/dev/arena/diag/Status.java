package dev.arena.diag;

/**
 * The monitoring-plugin status every check, verdict and command result maps to (docs/design.md, "Command line"). Ordered by
 * severity so the worst of several results is {@code max}.
 */
public enum Status {
    OK(0),
    WARNING(1),
    CRITICAL(2),
    UNKNOWN(3);

    private final int exitCode;

    Status(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The process exit code for this status: 0, 1, 2 or 3. */
    public int exitCode() {
        return exitCode;
    }

    /** The more severe of the two; UNKNOWN counts as the most severe, as monitoring systems treat it. */
    public Status worst(Status other) {
        return other != null && other.ordinal() > ordinal() ? other : this;
    }
}
