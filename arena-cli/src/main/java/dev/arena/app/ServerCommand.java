package dev.arena.app;

import dev.arena.config.ArenaConfig;
import dev.arena.config.ConfigException;
import dev.arena.config.LogSettings;
import dev.arena.config.Secrets;
import dev.arena.diag.cli.support.ExitCodes;
import dev.arena.server.ArenaServer;
import dev.arena.wire.Backend;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code arena server}: runs the HTTP/SSE server (docs/api.md; docs/design.md, "Server") until SIGTERM or Ctrl-C, which trigger the
 * bounded shutdown (forks cancelled, broker flushed, store closed). Settings come from the
 * environment (docs/configuration.md); the options override the matching variables.
 */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = {
            "Run the Arena HTTP/SSE server (API: docs/api.md).",
            "Reads ARENA_* / REDIS_* from the environment; binds 127.0.0.1:8000 by default."
        })
public final class ServerCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--host", description = "Bind address (ARENA_HTTP_HOST, default 127.0.0.1).")
    String host;

    @Option(names = "--port", description = "Port; 0 picks a free one (ARENA_HTTP_PORT, default 8000).")
    String port;

    @Option(
            names = "--db",
            description =
                    "Store: a DuckDB file or postgresql://user:password@host:port/database"
                            + " (ARENA_DB, default data/arena.duckdb; put a password in ARENA_DB rather than on the command line).")
    String db;

    @Option(
            names = "--allow-fault-injection",
            description = "Accept POST /forks scenarios (stall_at_seq, fail_at_seq). For demos and tests only.")
    boolean allowFaultInjection;

    private final Map<String, String> env;

    public ServerCommand() {
        this(System.getenv());
    }

    /** For tests: an explicit environment. */
    public ServerCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        Map<String, String> effective = new HashMap<>(env);
        override(effective, "ARENA_HTTP_HOST", host);
        override(effective, "ARENA_HTTP_PORT", port);
        override(effective, "ARENA_DB", db);
        ArenaConfig config;
        LogSettings logs;
        try {
            config = ArenaConfig.from(effective);
            logs = LogSettings.from(effective);
        } catch (ConfigException e) {
            err.println("arena server: " + e.getMessage());
            return ExitCodes.UNKNOWN;
        }
        ArenaServer server = ArenaServer.builder(config)
                .allowFaultInjection(allowFaultInjection)
                .version(new ArenaVersion().getVersion()[0].replace("arena ", ""))
                .accessLog(logs.accessLog().orElse(null))
                .build();
        try {
            server.start();
        } catch (Exception e) {
            err.println("arena server: could not start: "
                    + Secrets.scrub(String.valueOf(e.getMessage()), config.secrets())
                            .replace(config.redisUrl(), config.maskedRedisUrl()));
            return ExitCodes.UNKNOWN;
        }
        Thread hook = new Thread(server::close, "arena-server-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("arena server listening on " + server.url() + " (backend "
                + server.broker().backend()
                + (config.backend() == Backend.REDIS ? " at " + config.maskedRedisUrl() : "")
                + ", store " + config.store().kind().wireName() + " " + config.store()
                + (allowFaultInjection ? ", fault injection ON" : "")
                + "); Ctrl-C to stop");
        out.flush();
        server.awaitStopped();
        return ExitCodes.OK;
    }

    private static void override(Map<String, String> env, String name, String value) {
        if (value != null) {
            env.put(name, value);
        }
    }
}
