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
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code arena diag}: the scriptable diagnostics of docs/diag.md. Subcommands share {@link #execute}, which
 * builds the {@link DiagContext} from the environment and flags, opens the sources, and turns every
 * expected failure into one line on stderr and exit 3 — never a stack trace — and, under {@code -o json},
 * one {@link JsonErrors} object on stdout too; under {@code -o nagios}, one {@code ARENA UNKNOWN - …} line.
 */
@Command(
        name = "diag",
        description = {
            "Diagnostics for on-call: metrics, runs, sentinels, streams, forks, triage, servers, bug bundle, guarded cancel, reap and rotation.",
            "Exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (unreachable, auth, usage); guarded actions: 0 done, 3 failed, 4 refused.",
            "Checks (metrics, sentinels, forks, triage, servers, readers, doctor) also speak -o nagios: one monitoring-plugin line."
        })
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

    @CommandLine.Spec
    CommandSpec spec;

    @CommandLine.Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    @CommandLine.Option(
            names = Debug.OPTION,
            scope = CommandLine.ScopeType.INHERIT,
            description = "Print the stack traces of failures and of logged errors (default: one line each).")
    boolean debug;

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
     * The subcommands by name, in the order help lists them. A map of factories rather than an annotation list so
     * that a command line can be built with only the subcommand an invocation names: picocli reads every registered
     * class's annotations and field types at start-up, which was most of a short command's start time.
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommandFactories();

    private static Map<String, Supplier<Object>> subcommandFactories() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("metrics", MetricsCommand::new);
        m.put("runs", RunsCommand::new);
        m.put("sentinels", SentinelsCommand::new);
        m.put("stream", StreamCommand::new);
        m.put("forks", ForksCommand::new);
        m.put("triage", TriageCommand::new);
        m.put("bundle", BundleCommand::new);
        m.put("cancel", CancelCommand::new);
        m.put("reap", ReapCommand::new);
        m.put("rotate-password", RotatePasswordCommand::new);
        m.put("backend", BackendCommand::new);
        m.put("doctor", DoctorCommand::new);
        m.put("servers", ServersCommand::new);
        m.put("history", HistoryCommand::new);
        m.put("readers", ReadersCommand::new);
        m.put("token", TokenCommand::new);
        return Collections.unmodifiableMap(m);
    }

    /** The names of the subcommands, in help order. */
    public static Set<String> subcommandNames() {
        return SUBCOMMANDS.keySet();
    }

    /** A command line with the exit-code mapping of docs/diag.md, for running diag on its own (tests, embedding). */
    public static CommandLine commandLine(DiagCommand command) {
        return CliConventions.apply(withSubcommands(new CommandLine(command), SUBCOMMANDS.keySet()));
    }

    /**
     * Registers on {@code diag} the subcommands {@code names} (each one of {@link #subcommandNames()}), for a
     * caller that builds the tree itself.
     */
    public static CommandLine withSubcommands(CommandLine diag, Collection<String> names) {
        for (String name : names) {
            Supplier<Object> factory = SUBCOMMANDS.get(name);
            if (factory == null) {
                throw new IllegalArgumentException("no diag subcommand " + name);
            }
            diag.addSubcommand(name, factory.get());
        }
        return diag;
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
