package dev.arena.diag.cli.support;

import java.time.Duration;
import picocli.CommandLine;

/**
 * Installs the shared conventions on a command line: {@link ErrorHandler} for usage errors and
 * uncaught failures, and {@link DurationConverter} for every {@link Duration} option. Both the
 * {@code arena} root and {@code arena diag} on its own (tests, embedding) go through here, so the two
 * cannot drift apart.
 */
public final class CliConventions {

    private CliConventions() {}

    /**
     * Applies the conventions to {@code commandLine} and to every subcommand registered on it so far;
     * call it after the last {@code addSubcommand}.
     *
     * @return {@code commandLine}, for chaining
     */
    public static CommandLine apply(CommandLine commandLine) {
        ErrorHandler handler = new ErrorHandler();
        commandLine.setParameterExceptionHandler(handler);
        commandLine.setExecutionExceptionHandler(handler);
        commandLine.registerConverter(Duration.class, new DurationConverter());
        return commandLine;
    }
}
