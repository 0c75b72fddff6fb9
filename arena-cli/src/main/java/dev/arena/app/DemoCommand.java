package dev.arena.app;

import dev.arena.app.demo.DemoRig;
import dev.arena.app.demo.DemoTraffic;
import dev.arena.config.ArenaConfig;
import dev.arena.config.ConfigException;
import dev.arena.diag.DiagContext;
import dev.arena.diag.cli.support.ExitCodes;
import dev.arena.tui.ConsoleLauncher;
import dev.arena.tui.state.ConsoleSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code arena demo}: the main job on a fresh machine. Starts an embedded server (in-process
 * broker, DuckDB in a temporary directory, fault injection on), synthetic race traffic with
 * periodic forks of which one stalls, and the console in write mode on it. Quitting the console
 * (or Ctrl-C) stops the traffic and the server cleanly.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "All-in-one demo: embedded server + synthetic traffic (one fork stalls) + the console in write mode.",
            "Within a minute: live runs, a stuck fork, t triage, c guarded cancel, r guarded reap. q quits and stops everything.",
            "The demo makes its own one-off admin token (never shown), so guarded actions work without setting ARENA_ADMIN_TOKEN."
        })
public final class DemoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--redis", description = "Use Redis (REDIS_URL / REDIS_PASSWORD) instead of the in-process broker.")
    boolean redis;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Keep DuckDB and the audit log here (default: a temporary directory, deleted on exit).")
    Path data;

    @Mixin
    ConsoleFlags console;

    private final Map<String, String> env;

    public DemoCommand() {
        this(System.getenv());
    }

    /** For tests: an explicit environment. */
    public DemoCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!ConsoleLauncher.interactiveTerminal()) {
            err.println(
                    "arena demo: needs an interactive terminal (stdin/stdout are not a TTY); run it in a terminal or tmux");
            return ExitCodes.UNKNOWN;
        }
        DemoRig rig;
        try {
            rig = DemoRig.prepare(env, redis, data);
        } catch (ConfigException e) {
            err.println("arena demo: " + e.getMessage());
            return ExitCodes.UNKNOWN;
        }
        Thread hook = new Thread(rig::close, "arena-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            try {
                rig.start(DemoTraffic.DEFAULT_SHAPE, new ArenaVersion().getVersion()[0].replace("arena ", ""));
            } catch (Exception e) {
                err.println("arena demo: could not start the embedded server: "
                        + (redis ? ArenaConfig.from(env).maskedRedisUrl() + ": " : "") + e.getMessage());
                return ExitCodes.UNKNOWN;
            }
            ArenaConfig config = ArenaConfig.from(rig.environment());
            DiagContext context = DiagContext.from(config, rig.serverUrl(), null, false);
            ConsoleSettings settings =
                    ConsoleCommand.settings(context, console.refresh, true).withColour(!ConsoleSettings.noColor(env));
            ConsoleCommand.runOnTerminal(context, settings, console.envFile);
        } finally {
            rig.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running and closes the rig itself
            }
        }
        out.println("arena demo: stopped (server, traffic and fork tasks shut down"
                + (data == null ? ", temporary data deleted)" : ", data kept in " + data + ")"));
        return ExitCodes.OK;
    }
}
