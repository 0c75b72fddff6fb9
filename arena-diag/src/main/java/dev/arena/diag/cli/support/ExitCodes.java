package dev.arena.diag.cli.support;

import dev.arena.error.ArenaException;
import java.io.PrintWriter;

/**
 * Exit codes of {@code arena} and {@code arena diag}: the monitoring-plugin convention, plus 4 for
 * a refused guarded action (docs/design.md, "Command line"). {@link #forFailure} is the one place a failure becomes an exit code.
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int WARNING = 1;
    public static final int CRITICAL = 2;
    public static final int UNKNOWN = 3;
    public static final int REFUSED = 4;

    private ExitCodes() {}

    /**
     * The exit code for a failure that ended a command. Every {@link ArenaException} family — bad
     * input, bad configuration, an unreachable source, Arena's own failure — is UNKNOWN (3): the
     * check could not be made, as monitoring plugins expect. A refusal is a result (REFUSED), never
     * an exception. Anything else (a usage error from option parsing aside) is a bug, also UNKNOWN.
     */
    public static int forFailure(Throwable failure) {
        if (failure instanceof ArenaException arena) {
            return switch (arena.fault()) {
                case INPUT, NOT_FOUND, CONFIGURATION, UNAVAILABLE, INTERNAL -> UNKNOWN;
            };
        }
        return UNKNOWN;
    }

    /**
     * Reports a failure that ended a command on {@code err}: one line for a declared failure
     * ({@link ArenaException}) or a usage error ({@link IllegalArgumentException}); a bug gets one line naming its
     * type and asking for {@code --debug}, or with {@code debug} its stack trace. Returns {@link #forFailure}.
     */
    public static int report(String prefix, Throwable failure, PrintWriter err, boolean debug) {
        boolean bug = !(failure instanceof ArenaException) && !(failure instanceof IllegalArgumentException);
        if (!bug) {
            err.println(prefix + failure.getMessage());
        } else if (debug) {
            err.println(prefix + failure.getMessage());
            failure.printStackTrace(err);
        } else {
            err.println(prefix + "unexpected failure (" + failure + "); run again with --debug for its stack trace"
                    + " and report it");
        }
        err.flush();
        return forFailure(failure);
    }
}
