package dev.arena.diag.cli;

import dev.arena.diag.action.CommandRunner;
import dev.arena.diag.action.PasswordCheck;
import dev.arena.diag.action.PasswordRotation;
import dev.arena.diag.action.RotationRequest;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code arena diag rotate-password}: guarded Redis password rotation (docs/design.md, "Guarded actions"), live (ACL) or compose. */
@Command(
        name = "rotate-password",
        description = {
            "Rotate the Redis password with no moment without a working one.",
            "live (default): add the new password beside the old (ACL), verify, rewrite the env file (atomic, 0600), list arena clients;",
            "  the old password goes on --finish (a second run) or after --grace.",
            "compose: rewrite the env file, recreate the compose Redis, verify; every client restarts.",
            "Any failed verification rolls back. The password is never printed. Exit 0 done, 3 failed/rolled back, 4 refused."
        })
final class RotatePasswordCommand implements Callable<Integer> {

    /** Rotation modes as typed. */
    enum Mode {
        live,
        compose
    }

    /** The shared diag flags; {@link DiagCommand} adds them to this command's spec. */
    final DiagOptions options = new DiagOptions();

    @Option(
            names = "--env-file",
            paramLabel = "FILE",
            defaultValue = ".env",
            description = "Env file holding REDIS_PASSWORD. Default: ${DEFAULT-VALUE}.")
    Path envFile;

    @Option(
            names = "--mode",
            paramLabel = "live|compose",
            defaultValue = "live",
            description = "Default: ${DEFAULT-VALUE}.")
    Mode mode;

    @Option(names = "--finish", description = "Live mode, second phase: remove every password except the env file's.")
    boolean finish;

    @Option(
            names = "--grace",
            paramLabel = "DURATION",
            description = "Live mode: wait this long after the new password is in place, then finish.")
    Duration grace;

    @Mixin
    GuardedFlags guarded;

    @Override
    public Integer call() {
        return GuardedCli.execute(options, guarded, inv -> {
            RotationRequest request = new RotationRequest(
                    mode == Mode.compose ? RotationRequest.Mode.COMPOSE : RotationRequest.Mode.LIVE,
                    envFile,
                    finish,
                    grace,
                    null);
            return new PasswordRotation(
                    request,
                    inv.sources(),
                    PasswordCheck.freshConnection(
                            inv.sources().clientName(), inv.context().timeout()),
                    CommandRunner.processes(),
                    new SecureRandom());
        });
    }
}
