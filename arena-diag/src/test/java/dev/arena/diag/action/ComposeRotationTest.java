package dev.arena.diag.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.config.ArenaConfig;
import dev.arena.diag.DiagContext;
import dev.arena.diag.source.DiagSources;
import dev.arena.time.ManualTicker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compose mode retries AUTH with the new password on the sources' ticker, then rolls back. */
class ComposeRotationTest {

    private static final String OLD = "old-secret-password";

    @TempDir
    Path tmp;

    @Test
    void aNewPasswordRedisNeverAccepts_isRetriedForThirtySeconds_thenTheEnvFileAndRedisAreRestored() throws Exception {
        Path envFile = tmp.resolve("arena.env");
        String original = "REDIS_PASSWORD=" + OLD + "\nARENA_BACKEND=redis\n";
        Files.writeString(envFile, original);
        List<List<String>> ran = new ArrayList<>();
        CommandRunner recreates = (command, timeout) -> {
            ran.add(command);
            return new CommandRunner.Result(0, "recreated");
        };
        DiagContext context = DiagContext.from(
                ArenaConfig.from(Map.of("ARENA_BACKEND", "redis", "REDIS_URL", "redis://:" + OLD + "@127.0.0.1:1/0")),
                null,
                null,
                false);
        ManualTicker ticker = new ManualTicker();
        List<String> tried = new ArrayList<>();
        try (DiagSources sources = new DiagSources(context, "arena-cli@test:1", Clock.systemUTC(), ticker)) {
            PasswordRotation rotation = new PasswordRotation(
                    new RotationRequest(RotationRequest.Mode.COMPOSE, envFile, false, null, null),
                    sources,
                    url -> !tried.add(url),
                    recreates,
                    new SecureRandom());

            ActionReport report = rotation.execute(rotation.preview());

            assertThat(report.rolledBack()).isTrue();
            assertThat(report.verified()).isFalse();
            assertThat(report.verification())
                    .anySatisfy(line -> assertThat(line).contains("FAILED for 30s"));
        }
        assertThat(ticker.sleeps()).hasSize(tried.size()).allSatisfy(d -> assertThat(d)
                .isEqualTo(Duration.ofMillis(500)));
        assertThat(ticker.sleeps().stream().reduce(Duration.ZERO, Duration::plus))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(ran)
                .as("recreated with the new password, then again with the old one")
                .hasSize(2);
        assertThat(Files.readString(envFile)).isEqualTo(original);
    }
}
