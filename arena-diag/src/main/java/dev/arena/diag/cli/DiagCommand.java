package dev.arena.diag.cli;

import dev.arena.broker.Brokers;
import dev.arena.config.ArenaConfig;
import dev.arena.config.ReaderAuthSettings;
import dev.arena.config.RedisUrl;
import dev.arena.config.Secrets;
import dev.arena.diag.DiagContext;
import dev.arena.diag.cli.support.CliConventions;
import dev.arena.diag.cli.support.Debug;
import dev.arena.diag.cli.support.ExitCodes;
import dev.arena.diag.cli.support.JsonErrors;
import dev.arena.diag.cli.support.PluginOutput;
import dev.arena.diag.source.DiagSources;
import dev.arena.error.ArenaException;
import dev.arena.time.Ticker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code arena diag}: the scriptable diagnostics of docs/diag.md. Subcommands share {@link #execute}, which
 * builds the {@link DiagContext} from the environment and flags, opens the sources, and turns every
 * expected failure into one line on stderr and exit 3 — never a stack trace — and, under {@code -o json},
 * one {@link JsonErrors} object on stdout too; under {@code -o nagios}, one {@code ARENA UNKNOWN - …} line.
 */
public final class DiagCommand implements Callable<Integer> {

    /** A command body run with an open {@link Invocation}; returns the exit code. */
    @FunctionalInterface
    interface Body {
        int run(Invocation inv);
    }

    /** The reader token every command sends when {@code --token} is not given. */
    public static final String TOKEN_VARIABLE = "ARENA_TOKEN";

    private final Map<String, String> env;
    private final Clock clock;
    private final Ticker ticker;
    private final BufferedReader input;
    private final Boolean tty;

    /** This command's model, once {@link #spec()} has built it. */
    CommandSpec spec;

    /** The production command: process environment, system clock and ticker, stdin, real terminal detection. */
    public DiagCommand() {
        this(System.getenv(), Clock.systemUTC(), Ticker.system(), null, null);
    }

    /**
     * For tests and embedding.
     *
     * @param ticker elapsed time and waiting (triage windows, --watch repeats, rotation retries)
     * @param input operator input for confirmations (null: stdin when on a terminal)
     * @param tty   force terminal detection (null: detect)
     */
    public DiagCommand(Map<String, String> env, Clock clock, Ticker ticker, BufferedReader input, Boolean tty) {
        this.env = Map.copyOf(env);
        this.clock = clock;
        this.ticker = ticker;
        this.input = input;
        this.tty = tty;
    }

    /**
     * The subcommands by name, in the order help lists them, each a factory of its picocli model. A map of factories
     * rather than an annotation list so that a command line can be built with only the subcommand an invocation
     * names: picocli reads every registered class's annotations and field types at start-up, which was most of a short
     * command's start time. Each model gets the shared {@link DiagOptions} ahead of its own options.
     */
    private static final Map<String, Supplier<CommandSpec>> SUBCOMMANDS = subcommandFactories();

    private static Map<String, Supplier<CommandSpec>> subcommandFactories() {
        Map<String, Supplier<CommandSpec>> m = new LinkedHashMap<>();
        m.put("metrics", () -> new MetricsCommand().spec());
        m.put("runs", () -> annotated(new RunsCommand(), c -> c.options));
        m.put("sentinels", () -> annotated(new SentinelsCommand(), c -> c.options));
        m.put("stream", () -> annotated(new StreamCommand(), c -> c.options));
        m.put("forks", () -> annotated(new ForksCommand(), c -> c.options));
        m.put("triage", () -> annotated(new TriageCommand(), c -> c.options));
        m.put("bundle", () -> annotated(new BundleCommand(), c -> c.options));
        m.put("cancel", () -> annotated(new CancelCommand(), c -> c.options));
        m.put("reap", () -> annotated(new ReapCommand(), c -> c.options));
        m.put("rotate-password", () -> annotated(new RotatePasswordCommand(), c -> c.options));
        m.put("backend", () -> annotated(new BackendCommand(), c -> c.options));
        m.put("doctor", () -> annotated(new DoctorCommand(), c -> c.options));
        m.put("servers", () -> annotated(new ServersCommand(), c -> c.options));
        m.put("history", () -> annotated(new HistoryCommand(), c -> c.options));
        m.put("readers", () -> annotated(new ReadersCommand(), c -> c.options));
        m.put("token", () -> CommandSpec.forAnnotatedObject(new TokenCommand()));
        return Collections.unmodifiableMap(m);
    }

    /** The model picocli reads from {@code command}'s annotations, with the shared flags {@code optionsOf} gives. */
    private static <C> CommandSpec annotated(C command, Function<C, DiagOptions> optionsOf) {
        return optionsOf.apply(command).addTo(CommandSpec.forAnnotatedObject(command));
    }

    /** The names of the subcommands, in help order. */
    public static Set<String> subcommandNames() {
        return SUBCOMMANDS.keySet();
    }

    /** A command line with the exit-code mapping of docs/diag.md, for running diag on its own (tests, embedding). */
    public static CommandLine commandLine(DiagCommand command) {
        return CliConventions.apply(withSubcommands(new CommandLine(command.spec()), SUBCOMMANDS.keySet()));
    }

    /**
     * Registers on {@code diag} the subcommands {@code names} (each one of {@link #subcommandNames()}), for a
     * caller that builds the tree itself.
     */
    public static CommandLine withSubcommands(CommandLine diag, Collection<String> names) {
        for (String name : names) {
            Supplier<CommandSpec> factory = SUBCOMMANDS.get(name);
            if (factory == null) {
                throw new IllegalArgumentException("no diag subcommand " + name);
            }
            diag.addSubcommand(name, new CommandLine(factory.get()));
        }
        return diag;
    }

    /**
     * This command's picocli model, declared through picocli's programmatic API rather than annotations (see
     * {@link MetricsCommand}); subcommands are added with {@link #withSubcommands}.
     */
    public CommandSpec spec() {
        CommandSpec s = CommandSpec.wrapWithoutInspection(this).name("diag");
        s.usageMessage()
                .description(
                        "Diagnostics for on-call: metrics, runs, sentinels, streams, forks, triage, servers, bug bundle,"
                                + " guarded cancel, reap and rotation.",
                        "Exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (unreachable, auth, usage); guarded"
                                + " actions: 0 done, 3 failed, 4 refused.",
                        "Checks (metrics, sentinels, forks, triage, servers, readers, doctor) also speak -o nagios: one"
                                + " monitoring-plugin line.");
        s.addOption(OptionSpec.builder("-h", "--help")
                .type(boolean.class)
                .usageHelp(true)
                .description("Show this help and exit.")
                .build());
        s.addOption(OptionSpec.builder(Debug.OPTION)
                .type(boolean.class)
                .scopeType(CommandLine.ScopeType.INHERIT)
                .description("Print the stack traces of failures and of logged errors (default: one line each).")
                .build());
        spec = s;
        return s;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("arena diag: missing subcommand ("
                + String.join(", ", spec.subcommands().keySet()) + ")");
        spec.commandLine().usage(err);
        return ExitCodes.CRITICAL; // the shell's "misuse" code: a script that forgot the subcommand must not read OK
    }

    /** Runs {@code body} for the subcommand described by {@code sub}, translating expected failures. */
    int execute(CommandSpec sub, DiagOptions options, boolean readonlyFlag, Body body) {
        PrintWriter out = sub.commandLine().getOut();
        PrintWriter err = sub.commandLine().getErr();
        String redisUrlForScrub = null;
        try {
            if (options.nagios() && !(sub.userObject() instanceof MonitoringCheck)) {
                throw new IllegalArgumentException(
                        "--output nagios is for the checks metrics, sentinels, forks, triage, servers, readers and doctor;"
                                + " " + sub.name() + " answers table or json");
            }
            ArenaConfig config = ArenaConfig.from(env);
            redisUrlForScrub = options.redis != null ? options.redis : config.redisUrl();
            Duration timeout = options.timeout();
            DiagContext context = DiagContext.from(config, options.server, options.redis, readonlyFlag)
                    .withTimeout(timeout)
                    .withReaderToken(options.token, env.get(TOKEN_VARIABLE));
            boolean terminal = tty != null ? tty : System.console() != null;
            BufferedReader in = input != null
                    ? input
                    : terminal ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)) : null;
            try (DiagSources sources = new DiagSources(context, DiagCommand::clientName, clock, ticker)) {
                Invocation inv = new Invocation(
                        context,
                        sources,
                        out,
                        err,
                        Style.decide(env, terminal),
                        options.output,
                        env,
                        clock,
                        terminal,
                        in);
                int code = body.run(inv);
                out.flush();
                err.flush();
                return code;
            }
        } catch (ArenaException | IllegalArgumentException e) {
            String password = redisUrlForScrub == null ? null : RedisUrl.passwordOf(redisUrlForScrub);
            String detail = "arena diag " + sub.name() + ": "
                    + Secrets.scrub(
                            e.getMessage(),
                            password,
                            env.get("ARENA_ADMIN_TOKEN"),
                            env.get(TOKEN_VARIABLE),
                            options.token,
                            env.get(ReaderAuthSettings.SECRET_VARIABLE));
            if (options.json()) {
                JsonErrors.print(out, e, detail);
            } else if (options.nagios()) {
                PluginOutput.unknown(detail).print(out);
            }
            err.println(detail);
            err.flush();
            return ExitCodes.forFailure(e);
        }
    }

    /** The environment this command reads (for subcommands that need no server, such as token). */
    Map<String, String> env() {
        return env;
    }

    Clock clock() {
        return clock;
    }

    /** {@code arena-cli@host:pid}, the name this process's Redis connections announce. */
    static String clientName() {
        return Brokers.clientName("arena-cli");
    }
}
