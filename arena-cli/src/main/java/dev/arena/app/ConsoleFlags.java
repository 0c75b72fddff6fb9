package dev.arena.app;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The console flags {@code arena console} and {@code arena demo} share (a picocli mixin). */
final class ConsoleFlags {

    @Option(
            names = "--refresh",
            paramLabel = "DURATION",
            defaultValue = "2s",
            description = "Refresh interval, at least 1s (default ${DEFAULT-VALUE}).")
    Duration refresh;

    @Option(
            names = "--env-file",
            paramLabel = "FILE",
            defaultValue = ".env",
            description =
                    "Env file holding REDIS_PASSWORD, rewritten by the password rotation (p). Default: ${DEFAULT-VALUE}.")
    Path envFile;
}
