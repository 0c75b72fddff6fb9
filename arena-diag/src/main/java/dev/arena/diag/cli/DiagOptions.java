package dev.arena.diag.cli;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The flags every diag command takes (a picocli mixin), and the way each command runs its body:
 * {@link #execute} hands it to {@link DiagCommand#execute} of the {@code diag} command above it.
 */
public final class DiagOptions {

    /**
     * Output formats: {@code table} for people, {@code json} for scripts, {@code nagios} for monitoring
     * systems (one plugin line, {@link dev.arena.diag.cli.support.PluginOutput}; only the commands that are
     * {@link MonitoringCheck}s accept it).
     */
    public enum Format {
        table,
        json,
        nagios
    }

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "table|json|nagios",
            defaultValue = "table",
            description =
                    "Output format: table (for people), json (stable, for scripts) or nagios (one monitoring-plugin line:"
                            + " metrics, sentinels, forks, triage, servers, readers, doctor); see docs/diag.md. Default: ${DEFAULT-VALUE}.")
    Format output = Format.table;

    @Option(
            names = "--server",
            paramLabel = "URL",
            description = "Arena server base URL (default: ARENA_SERVER_URL or http://127.0.0.1:8000).")
    String server;

    @Option(
            names = "--redis",
            paramLabel = "URL",
            description =
                    "Redis URL to inspect directly, whatever ARENA_BROKER_BACKEND says (default: REDIS_URL / REDIS_PASSWORD when the backend is redis).")
    String redis;

    @Option(
            names = "--token",
            paramLabel = "JWT",
            description = "Reader token for a server that requires one (default: ARENA_TOKEN, which keeps it out of the"
                    + " process list); mint one with arena diag token.")
    String token;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "2s",
            description = "Bound for each request to the server or Redis, e.g. 2s, 500ms. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    /**
     * The per-request bound.
     *
     * @throws IllegalArgumentException when it is not positive
     */
    Duration timeout() {
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("--timeout must be positive");
        }
        return timeout;
    }

    /** The command this mixin is part of. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /**
     * Runs {@code body} for the command this mixin is part of (see {@link DiagCommand#execute}).
     *
     * @param readonlyFlag {@code --readonly} of a guarded command; false for the others
     */
    int execute(boolean readonlyFlag, DiagCommand.Body body) {
        DiagCommand diag = (DiagCommand) command.parent().userObject();
        return diag.execute(command, this, readonlyFlag, body);
    }

    boolean json() {
        return output == Format.json;
    }

    boolean nagios() {
        return output == Format.nagios;
    }
}
