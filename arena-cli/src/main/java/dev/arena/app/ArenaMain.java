package dev.arena.app;

import dev.arena.app.logging.LogFormatSetup;
import dev.arena.config.ConfigException;
import dev.arena.config.LogSettings;
import dev.arena.diag.cli.DiagCommand;
import dev.arena.diag.cli.support.CliConventions;
import dev.arena.diag.cli.support.Debug;
import dev.arena.diag.cli.support.ExitCodes;
import dev.arena.diag.cli.support.HelpCommand;
import java.io.PrintStream;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code arena} command: every subcommand (docs/design.md, "Command line") hangs off this root. Usage errors and
 * configuration errors exit 3 (UNKNOWN), as monitoring plugins expect.
 */
@Command(
        name = "arena",
        mixinStandardHelpOptions = true,
        versionProvider = ArenaVersion.class,
        description = "Arena: event broker, server and on-call tooling for long-running runs.",
        subcommands = HelpCommand.class)
public final class ArenaMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(launch(args, System.getenv(), System.err));
    }

    /**
     * Sets up the process log from {@code env} ({@code ARENA_LOG_FORMAT}), then runs the command. A bad
     * log setting is a configuration error: one line on {@code err}, exit 3, nothing run.
     */
    static int launch(String[] args, Map<String, String> env, PrintStream err) {
        LogSettings logs;
        try {
            logs = LogSettings.from(env);
        } catch (ConfigException e) {
            err.println("arena: " + e.getMessage());
            return ExitCodes.UNKNOWN;
        }
        CommandLine cl = commandLine();
        cl.setExecutionStrategy(parsed -> {
            LogFormatSetup.apply(logs.format(), stackTraces(parsed, env));
            return new CommandLine.RunLast().execute(parsed);
        });
        return cl.execute(args);
    }

    /**
     * Whether the process log shows stack traces: for {@code arena server} (a bug inside it is logged once with its
     * stack trace), under {@code --debug}, or with {@code ARENA_LOG_LEVEL} at DEBUG or TRACE; every other command
     * prints a logged exception as part of one line.
     */
    static boolean stackTraces(CommandLine.ParseResult parsed, Map<String, String> env) {
        String level = env.getOrDefault("ARENA_LOG_LEVEL", "").strip().toUpperCase(java.util.Locale.ROOT);
        return Debug.requested(parsed)
                || level.equals("DEBUG")
                || level.equals("TRACE")
                || (parsed.hasSubcommand()
                        && parsed.subcommand().commandSpec().name().equals("server"));
    }

    /** The full command tree, for main and for tests (runbook commands are parsed against it). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ArenaMain());
        // Each subcommand registers here, one line each.
        cl.addSubcommand(new ServerCommand());
        cl.addSubcommand(new SmokeCommand());
        cl.addSubcommand(new RaceCommand());
        cl.addSubcommand(new ConsoleCommand());
        cl.addSubcommand(new DemoCommand());
        cl.addSubcommand(new DiagCommand());
        cl.addSubcommand(new CompletionCommand());
        return CliConventions.apply(cl);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
