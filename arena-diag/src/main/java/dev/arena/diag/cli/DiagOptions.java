package dev.arena.diag.cli;

import dev.arena.diag.cli.support.BoundOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The flags every diag command takes (a picocli mixin, {@link #addTo}), and the way each command runs its body:
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

    /** Where {@code --output} is read: {@code table}, {@code json} or {@code nagios}. */
    Format output = Format.table;

    /** {@code --server}; null: from the environment. */
    String server;

    /** {@code --redis}; null: from the environment. */
    String redis;

    /** {@code --token}; null: {@code ARENA_TOKEN}. */
    String token;

    /** {@code --timeout}; set by parsing (default 2s). */
    Duration timeout;

    /** The command these flags are part of; set by {@link #addTo}. */
    CommandSpec command;

    /**
     * Adds these flags to {@code command} as its mixin {@code options}, ahead of the options and parameters it already
     * has (as the first field of an annotated command put them), and binds them to this object's fields. Declared
     * through picocli's programmatic model rather than annotations, so that a short command reads no annotation on
     * its way to the server (see {@link dev.arena.diag.cli.support.BoundOption}).
     *
     * @return {@code command}, for chaining
     */
    CommandSpec addTo(CommandSpec command) {
        List<ArgSpec> own = new ArrayList<>(command.args());
        own.forEach(command::remove);
        CommandSpec mixin = CommandSpec.create();
        mixin.addOption(OptionSpec.builder("-h", "--help")
                .type(boolean.class)
                .usageHelp(true)
                .description("Show this help and exit.")
                .build());
        mixin.addOption(BoundOption.to(
                        OptionSpec.builder("-o", "--output")
                                .type(Format.class)
                                .paramLabel("table|json|nagios")
                                .defaultValue("table")
                                .description("Output format: table (for people), json (stable, for scripts) or nagios"
                                        + " (one monitoring-plugin line: metrics, sentinels, forks, triage, servers,"
                                        + " readers, doctor); see docs/diag.md. Default: ${DEFAULT-VALUE}."),
                        () -> output,
                        v -> output = (Format) v)
                .build());
        mixin.addOption(BoundOption.to(
                        OptionSpec.builder("--server")
                                .type(String.class)
                                .paramLabel("URL")
                                .description(
                                        "Arena server base URL (default: ARENA_SERVER_URL or http://127.0.0.1:8000)."),
                        () -> server,
                        v -> server = (String) v)
                .build());
        mixin.addOption(BoundOption.to(
                        OptionSpec.builder("--redis")
                                .type(String.class)
                                .paramLabel("URL")
                                .description("Redis URL to inspect directly, whatever ARENA_BROKER_BACKEND says"
                                        + " (default: REDIS_URL / REDIS_PASSWORD when the backend is redis)."),
                        () -> redis,
                        v -> redis = (String) v)
                .build());
        mixin.addOption(BoundOption.to(
                        OptionSpec.builder("--token")
                                .type(String.class)
                                .paramLabel("JWT")
                                .description("Reader token for a server that requires one (default: ARENA_TOKEN, which"
                                        + " keeps it out of the process list); mint one with arena diag token."),
                        () -> token,
                        v -> token = (String) v)
                .build());
        mixin.addOption(BoundOption.to(
                        OptionSpec.builder("--timeout")
                                .type(Duration.class)
                                .paramLabel("DURATION")
                                .defaultValue("2s")
                                .description("Bound for each request to the server or Redis, e.g. 2s, 500ms."
                                        + " Default: ${DEFAULT-VALUE}."),
                        () -> timeout,
                        v -> timeout = (Duration) v)
                .build());
        command.addMixin("options", mixin);
        own.forEach(command::add);
        this.command = command;
        return command;
    }

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
