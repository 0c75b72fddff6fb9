package dev.arena.diag.cli;

/** Exit codes (docs/design.md, "Command line"): the monitoring-plugin convention, plus 4 for a refused guarded action. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int WARNING = 1;
    public static final int CRITICAL = 2;
    public static final int UNKNOWN = 3;
    public static final int REFUSED = 4;

    private ExitCodes() {
    }
}
