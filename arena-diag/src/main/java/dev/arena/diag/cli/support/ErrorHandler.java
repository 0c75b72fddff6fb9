package dev.arena.diag.cli.support;

import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;

/**
 * The one place where a failure that reaches picocli becomes one line on stderr and an exit code:
 * a usage error (with picocli's suggestions and a pointer to {@code --help}) or an exception a
 * command did not handle itself. Never prints a stack trace. Stateless and thread-safe.
 */
final class ErrorHandler implements IParameterExceptionHandler, IExecutionExceptionHandler {

    /** The exit code for a failure that reached the edge of the command line. */
    static int exitCodeFor(Exception failure) {
        return ExitCodes.UNKNOWN;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("arena: " + message(ex));
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        return exitCodeFor(ex);
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        cmd.getErr().println("arena: " + ex.getMessage());
        return exitCodeFor(ex);
    }

    /** A bad duration reads {@code --timeout 'soon' is not a duration: …}, as the commands wrote it before the converter. */
    private static String message(ParameterException ex) {
        ArgSpec arg = ex.getArgSpec();
        if (ex.getCause() instanceof TypeConversionException conversion && arg instanceof OptionSpec option
                && arg.type() == Duration.class) {
            return option.longestName() + " " + conversion.getMessage();
        }
        return ex.getMessage();
    }
}
