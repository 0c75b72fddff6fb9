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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code arena} command: every subcommand (docs/design.md, "Command line") hangs off this root. Usage errors and
 * configuration errors exit 3 (UNKNOWN), as monitoring plugins expect. Declared through picocli's programmatic model
 * ({@link #spec()}), like {@code diag} and {@code diag metrics}: picocli reads annotations through dynamic proxies
 * that class-data sharing cannot archive, and this root is on the path of every command.
 */
public final class ArenaMain implements Runnable {

    /** This command's model, once {@link #spec()} has built it. */
    CommandSpec spec;

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
            "diag", () -> new DiagCommand().spec(),
            "completion", CompletionCommand::new);

    private static final List<String> ORDER =
            List.of("server", "smoke", "race", "console", "demo", "diag", "completion");

    /** The full command tree, for help, completion and tests (runbook commands are parsed against it). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ArenaMain().spec());
        cl.addSubcommand(new HelpCommand());
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
     * describes the whole tree) gets the full tree, so usage, suggestions and errors read exactly as before. The
     * partial tree has no {@code help} subcommand either: what the invocation names is parsed without it.
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
        CommandLine cl = new CommandLine(new ArenaMain().spec());
        CommandLine sub = cl.addSubcommand(name, SUBCOMMANDS.get(name).get())
                .getSubcommands()
                .get(name);
        if (diag) {
            DiagCommand.withSubcommands(sub, List.of(args[1]));
        }
        return CliConventions.apply(cl);
    }

    /**
     * The root's model: its name, description and version, and picocli's standard {@code -h}/{@code -V} options (the
     * mixin {@code mixinStandardHelpOptions = true} adds, declared here without picocli reading its annotations).
     */
    CommandSpec spec() {
        CommandSpec s = CommandSpec.wrapWithoutInspection(this).name("arena").versionProvider(new ArenaVersion());
        s.usageMessage().description("Arena: event broker, server and on-call tooling for long-running runs.");
        CommandSpec standard = CommandSpec.create();
        standard.addOption(OptionSpec.builder("-h", "--help")
                .type(boolean.class)
                .usageHelp(true)
                .descriptionKey("mixinStandardHelpOptions.help")
                .description("Show this help message and exit.")
                .build());
        standard.addOption(OptionSpec.builder("-V", "--version")
                .type(boolean.class)
                .versionHelp(true)
                .descriptionKey("mixinStandardHelpOptions.version")
                .description("Print version information and exit.")
                .build());
        s.addMixin(STANDARD_HELP_OPTIONS, standard);
        spec = s;
        return s;
    }

    /** The name picocli gives the mixin of {@code -h}/{@code -V}; {@link CommandSpec#mixinStandardHelpOptions()} reads it. */
    private static final String STANDARD_HELP_OPTIONS = "mixinStandardHelpOptions";

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
