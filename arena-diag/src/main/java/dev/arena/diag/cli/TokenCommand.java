package dev.arena.diag.cli;

import dev.arena.auth.TokenMinter;
import dev.arena.broker.RunId;
import dev.arena.config.ConfigException;
import dev.arena.config.ReaderAuthSettings;
import dev.arena.config.Secrets;
import dev.arena.diag.cli.support.ExitCodes;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code arena diag token}: mints an HS256 reader token from {@code ARENA_AUTH_JWT_SECRET} (the server's secret,
 * read from this shell's environment, never from a flag) and prints it on stdout alone, so that
 * {@code export ARENA_TOKEN=$(arena diag token …)} works. Refuses without the secret (exit 3). Contacts nothing.
 */
@Command(
        name = "token",
        description = {
            "Mint a reader token (HS256 JWT) from ARENA_AUTH_JWT_SECRET; prints only the token on stdout.",
            "e.g. export ARENA_TOKEN=$(arena diag token --sub dashboard --runs '*' --ttl 8h)",
            "A server with ARENA_AUTH_JWT_PUBLIC_KEY takes tokens from its issuer instead."
        })
final class TokenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    @Option(names = "--sub", required = true, paramLabel = "NAME", description = "Who reads with it (the sub claim).")
    String subject;

    @Option(
            names = "--runs",
            split = ",",
            paramLabel = "ID,…|*",
            description = "Run ids it may read, or '*' for every run (absent: none, good for /metrics only).")
    List<String> runs = List.of();

    @Option(
            names = "--kinds",
            split = ",",
            paramLabel = "PREFIX,…",
            description =
                    "Prefixes of the event kinds it may see, e.g. agent.,phase. (absent: all; the terminal event always).")
    List<String> kinds;

    @Option(names = "--admin", description = "May also call the admin endpoints and /debug/forks.")
    boolean admin;

    @Option(
            names = "--ttl",
            paramLabel = "DURATION",
            defaultValue = "1h",
            description = "How long it is valid, e.g. 15m, 8h. Default: ${DEFAULT-VALUE}.")
    Duration ttl;

    @Override
    public Integer call() {
        DiagCommand diag = (DiagCommand) spec.parent().userObject();
        Map<String, String> env = diag.env();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String secret = env.get(ReaderAuthSettings.SECRET_VARIABLE);
        try {
            if (secret == null || secret.isEmpty()) {
                throw new IllegalArgumentException(ReaderAuthSettings.SECRET_VARIABLE
                        + " is not set in this shell: set it to the server's secret (tokens are signed with it)");
            }
            ReaderAuthSettings settings = ReaderAuthSettings.from(Map.of(ReaderAuthSettings.SECRET_VARIABLE, secret));
            for (String run : runs) {
                if (!run.equals("*") && !RunId.isValid(run)) {
                    throw new IllegalArgumentException("--runs '" + Secrets.scrub(run, secret)
                            + "' is not a run id: give run ids (arena diag runs lists them) or '*'");
                }
            }
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("--ttl must be positive, e.g. 15m or 8h");
            }
            String token = new TokenMinter(settings.secret().orElseThrow())
                    .mint(subject, runs, kinds, admin, diag.clock().instant(), ttl);
            out.println(token);
            out.flush();
            return ExitCodes.OK;
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("arena diag token: " + Secrets.scrub(e.getMessage(), secret));
            err.flush();
            return ExitCodes.UNKNOWN;
        }
    }
}
