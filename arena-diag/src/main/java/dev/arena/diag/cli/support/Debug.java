package dev.arena.diag.cli.support;

import picocli.CommandLine.ParseResult;

/**
 * {@code --debug} ({@code arena diag --debug …}, also after the subcommand): stack traces of failures and of logged
 * errors are printed instead of one line each. Read from the parse result, so the root command can decide how the
 * process logs before anything runs.
 */
public final class Debug {

    /** The option's name. */
    public static final String OPTION = "--debug";

    private Debug() {}

    /** Whether {@code --debug} was given to any command of {@code parsed} (the root, a subcommand, theirs). */
    public static boolean requested(ParseResult parsed) {
        for (ParseResult r = parsed; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption(OPTION)) {
                return true;
            }
        }
        return false;
    }
}
