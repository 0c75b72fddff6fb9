package dev.arena.diag.cli.support;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;

/**
 * The one picocli handler for what reaches the edge of a command line: a usage error (one line,
 * picocli's suggestions and a pointer to {@code --help}) or an exception a command did not handle
 * itself (reported by {@link ExitCodes#report}: one line; a bug's stack trace only under {@code --debug}). The exit
 * code comes from {@link ExitCodes#forFailure}; under {@code -o json} the failure is also one
 * {@link JsonErrors} object on stdout, under {@code -o nagios} one {@code ARENA UNKNOWN - …} line. Stateless and thread-safe.
 */
final class ErrorHandler implements IParameterExceptionHandler, IExecutionExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String message = message(ex);
        if (JsonErrors.requested(Arrays.asList(args))) {
            JsonErrors.print(cmd.getOut(), ex, message);
        } else if (PluginOutput.requested(Arrays.asList(args))) {
            PluginOutput.unknown("arena: " + message).print(cmd.getOut());
        }
        err.println("arena: " + message);
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        return ExitCodes.forFailure(ex);
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        if (JsonErrors.requested(parseResult.originalArgs())) {
            JsonErrors.print(cmd.getOut(), ex, String.valueOf(ex.getMessage()));
        } else if (PluginOutput.requested(parseResult.originalArgs())) {
            PluginOutput.unknown("arena: " + ex.getMessage()).print(cmd.getOut());
        }
        return ExitCodes.report("arena: ", ex, cmd.getErr(), Debug.requested(parseResult));
    }

    /**
     * A bad duration reads {@code --timeout 'soon' is not a duration: …}, as the commands wrote it before the
     * converter; a count out of range {@code --limit must be at least 1, got -5}.
     */
    private static String message(ParameterException ex) {
        ArgSpec arg = ex.getArgSpec();
        if (ex.getCause() instanceof TypeConversionException conversion
                && arg instanceof OptionSpec option
                && (arg.type() == Duration.class || conversion instanceof Counts.OutOfRange)) {
            return option.longestName() + " " + conversion.getMessage();
        }
        return ex.getMessage();
    }
}
