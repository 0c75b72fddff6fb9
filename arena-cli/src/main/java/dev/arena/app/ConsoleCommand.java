package dev.arena.app;

import dev.arena.broker.Brokers;
import dev.arena.config.ArenaConfig;
import dev.arena.config.ConfigException;
import dev.arena.config.RedisUrl;
import dev.arena.diag.DiagContext;
import dev.arena.diag.DiagException;
import dev.arena.diag.cli.DiagCommand;
import dev.arena.diag.cli.support.ExitCodes;
import dev.arena.time.Ticker;
import dev.arena.tui.ConsoleLauncher;
import dev.arena.tui.source.DiagConsoleSource;
import dev.arena.tui.state.ConsoleSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code arena console}: the interactive on-call dashboard (docs/design.md, "Console") on this terminal. Read-only unless
 * {@code --write}; {@code W} toggles inside; no colours when {@code NO_COLOR} is set (https://no-color.org). Exit 0 when the operator quits, 3 on bad options or
 * when there is no terminal.
 */
@Command(
        name = "console",
        mixinStandardHelpOptions = true,
        description = {
            "Interactive on-call dashboard: health, metrics, open runs, streams, fork tasks, audit.",
            "Read-only by default; ? inside shows every key."
        })
public final class ConsoleCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--server",
            paramLabel = "URL",
            description = "Server to watch (default ARENA_SERVER_URL, http://127.0.0.1:8000).")
    String server;

    @Option(
            names = "--redis",
            paramLabel = "URL",
            description = "Read run state from this Redis (default: REDIS_URL when the backend is redis).")
    String redis;

    @Option(
            names = "--token",
            paramLabel = "JWT",
            description =
                    "Reader token for a server that requires one (default: ARENA_TOKEN); mint one with arena diag token.")
    String token;

    @Option(
            names = "--write",
            description = "Start in write mode (guarded actions shown; each still asks for confirmation).")
    boolean write;

    @Mixin
    ConsoleFlags console;

    private final Map<String, String> env;

    public ConsoleCommand() {
        this(System.getenv());
    }

    /** For tests: an explicit environment. */
    public ConsoleCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        DiagContext context;
        ConsoleSettings settings;
        try {
            ArenaConfig config = ArenaConfig.from(env);
            context = DiagContext.from(config, server, redis, false)
                    .withReaderToken(token, env.get(DiagCommand.TOKEN_VARIABLE));
            settings = settings(context, console.refresh, write).withColour(!ConsoleSettings.noColor(env));
        } catch (ConfigException | DiagException | IllegalArgumentException e) {
            err.println("arena console: " + e.getMessage());
            return ExitCodes.UNKNOWN;
        }
        if (!ConsoleLauncher.interactiveTerminal()) {
            err.println("arena console: needs an interactive terminal (stdin/stdout are not a TTY); "
                    + "for scripts use arena diag … --output json");
            return ExitCodes.UNKNOWN;
        }
        runOnTerminal(context, settings, console.envFile);
        return ExitCodes.OK;
    }

    /** Runs the console on this terminal, reading through {@code context}, until the operator quits. */
    static void runOnTerminal(DiagContext context, ConsoleSettings settings, Path envFile) throws Exception {
        try (DiagConsoleSource source = new DiagConsoleSource(
                context, Brokers.clientName("arena-console"), Clock.systemDefaultZone(), Ticker.system(), envFile)) {
            ConsoleLauncher.runOnTerminal(source, settings, Clock.systemDefaultZone(), secrets(context));
        }
    }

    /**
     * The console settings a diagnostics context implies.
     *
     * @throws IllegalArgumentException for a refresh below 1s
     */
    static ConsoleSettings settings(DiagContext context, Duration every, boolean write) {
        if (every.compareTo(ConsoleSettings.MIN_REFRESH) < 0) {
            throw new IllegalArgumentException("--refresh " + every.toMillis()
                    + "ms is below the 1s floor (it would load the server and Redis): use 1s or more");
        }
        return ConsoleSettings.defaults(context.serverUrl(), context.backend().wireName())
                .withEnvLabel(context.envLabel().orElse(null))
                .withRedisUrl(context.redisSelected() ? context.maskedRedisUrl() : null)
                .withWriteMode(write)
                .withRefresh(every)
                .withStuckAfter(context.forkStuckAfter());
    }

    /** What must never show on screen or in the log panel: the Redis password, the admin token, the reader token. */
    static String[] secrets(DiagContext context) {
        return new String[] {
            RedisUrl.passwordOf(context.redisUrl()),
            context.adminToken().orElse(null),
            context.readerToken().orElse(null)
        };
    }
}
