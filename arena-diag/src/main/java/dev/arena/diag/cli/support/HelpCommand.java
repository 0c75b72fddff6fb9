package dev.arena.diag.cli.support;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;

/**
 * {@code help [COMMAND...]}: the usage of any command in the tree, reached by its full path
 * ({@code arena help diag runs}), where picocli's own help command stops at the first name. An
 * unknown name is a usage error: one line naming what exists there, exit 3.
 */
@Command(
        name = "help",
        helpCommand = true,
        description = "Show the usage of a command, e.g. 'help diag runs'; no COMMAND: this command's usage.")
public final class HelpCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandSpec spec;

    @Parameters(
            paramLabel = "COMMAND",
            arity = "0..*",
            description = "The path of the command to describe, e.g. diag runs.")
    List<String> path = new ArrayList<>();

    @Override
    public Integer call() {
        CommandLine target = spec.parent().commandLine();
        for (String name : path) {
            CommandLine next = target.getSubcommands().get(name);
            if (next == null) {
                PrintWriter err = spec.commandLine().getErr();
                err.println(spec.parent().qualifiedName() + " help: unknown command '" + name + "' under '"
                        + target.getCommandSpec().qualifiedName() + "'; it has: "
                        + String.join(", ", target.getSubcommands().keySet()));
                err.flush();
                return ExitCodes.UNKNOWN;
            }
            target = next;
        }
        PrintWriter out = spec.commandLine().getOut();
        target.usage(out);
        out.flush();
        return ExitCodes.OK;
    }
}
