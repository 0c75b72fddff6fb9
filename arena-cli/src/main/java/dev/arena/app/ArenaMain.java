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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
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
        CommandLine cl = commandLineFor(args);
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
        String level = env.getOrDefault("ARENA_LOG_LEVEL", "").strip().toUpperCase(Locale.ROOT);
        return Debug.requested(parsed)
                || level.equals("DEBUG")
                || level.equals("TRACE")
                || (parsed.hasSubcommand()
                        && parsed.subcommand().commandSpec().name().equals("server"));
    }

    /** Each subcommand by name, in help order; one line each. */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = Map.of(
            "server", ServerCommand::new,
            "smoke", SmokeCommand::new,
            "race", RaceCommand::new,
            "console", ConsoleCommand::new,
            "demo", DemoCommand::new,
            "diag", DiagCommand::new,
            "completion", CompletionCommand::new);

    private static final List<String> ORDER =
            List.of("server", "smoke", "race", "console", "demo", "diag", "completion");

    /** The full command tree, for help, completion and tests (runbook commands are parsed against it). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ArenaMain());
        for (String name : ORDER) {
            CommandLine sub = cl.addSubcommand(name, SUBCOMMANDS.get(name).get())
                    .getSubcommands()
                    .get(name);
            if (name.equals("diag")) {
                DiagCommand.withSubcommands(sub, DiagCommand.subcommandNames());
            }
        }
        return CliConventions.apply(cl);
    }

    /**
     * The tree {@code args} needs: only the subcommand they name (and, under {@code diag}, only its subcommand), so
     * a short command does not pay for picocli reading every other command's annotations at start-up. Anything
     * else (no subcommand, an option first, a name that is not a command, {@code help}, {@code completion}, which
     * describes the whole tree) gets the full tree, so usage, suggestions and errors read exactly as before.
     */
    public static CommandLine commandLineFor(String... args) {
        if (args.length == 0 || !SUBCOMMANDS.containsKey(args[0]) || args[0].equals("completion")) {
            return commandLine();
        }
        String name = args[0];
        boolean diag = name.equals("diag");
        if (diag && (args.length < 2 || !DiagCommand.subcommandNames().contains(args[1]))) {
            return commandLine();
        }
        CommandLine cl = new CommandLine(new ArenaMain());
        CommandLine sub = cl.addSubcommand(name, SUBCOMMANDS.get(name).get())
                .getSubcommands()
                .get(name);
        if (diag) {
            DiagCommand.withSubcommands(sub, List.of(args[1]));
        }
        return CliConventions.apply(cl);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
