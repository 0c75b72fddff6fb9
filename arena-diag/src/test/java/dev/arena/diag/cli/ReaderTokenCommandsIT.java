package dev.arena.diag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.auth.ReaderGrant;
import dev.arena.auth.ReaderTokens;
import dev.arena.broker.RunId;
import dev.arena.config.ReaderAuthSettings;
import dev.arena.diag.support.DiagRun;
import dev.arena.fixture.ServerFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code arena diag token} mints a token the server accepts (stdout only, from the secret in the environment, refused
 * without one), and every diag command sends {@code --token} or {@code ARENA_TOKEN}; a missing or refused token is
 * exit 3 with "token missing/refused … arena diag token", never echoing the token.
 */
class ReaderTokenCommandsIT {

    static final String SECRET = "diag-reader-secret-0123456789abcdef-xyz";

    @TempDir
    static Path dir;

    static ServerFixture server;

    @BeforeAll
    static void start() throws Exception {
        server = ServerFixture.builder(dir)
                .env(ReaderAuthSettings.SECRET_VARIABLE, SECRET)
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(server.clientEnv());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    static String mint(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "token";
        System.arraycopy(args, 0, full, 1, args.length);
        DiagRun.Result r = DiagRun.run(env(ReaderAuthSettings.SECRET_VARIABLE, SECRET), full);
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out().strip().lines()).hasSize(1);
        return r.out().strip();
    }

    @Test
    void tokenCommand_mintsATokenWithTheGivenClaims_thatTheServerAccepts() throws Exception {
        RunId run = server.finishedRun(2);
        String token = mint("--sub", "dashboard", "--runs", run.value(), "--kinds", "agent.,phase.", "--ttl", "15m");

        ReaderGrant grant = ReaderTokens.from(
                        ReaderAuthSettings.from(Map.of(ReaderAuthSettings.SECRET_VARIABLE, SECRET)), Clock.systemUTC())
                .verify(token);
        assertThat(grant.subject()).isEqualTo("dashboard");
        assertThat(grant.mayRead(run)).isTrue();
        assertThat(grant.mayRead(RunId.random())).isFalse();
        assertThat(grant.kinds()).contains(List.of("agent.", "phase."));
        assertThat(grant.admin()).isFalse();
        assertThat(grant.expiresAt().orElseThrow())
                .isBetween(
                        Instant.now().plus(Duration.ofMinutes(14)),
                        Instant.now().plus(Duration.ofMinutes(16)));

        try (var r = server.http
                .newCall(new Request.Builder()
                        .url(server.url("/runs/" + run))
                        .header("Authorization", "Bearer " + token)
                        .build())
                .execute()) {
            assertThat(r.code()).isEqualTo(200);
        }
    }

    @Test
    void tokenCommand_refusesWithoutTheSecret_orWithAShortOne() {
        DiagRun.Result none = DiagRun.run(server.clientEnv(), "token", "--sub", "x", "--runs", "*");
        assertThat(none.exitCode()).isEqualTo(3);
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).contains("ARENA_AUTH_JWT_SECRET is not set in this shell");

        DiagRun.Result shortOne =
                DiagRun.run(env(ReaderAuthSettings.SECRET_VARIABLE, "short-one"), "token", "--sub", "x", "--runs", "*");
        assertThat(shortOne.exitCode()).isEqualTo(3);
        assertThat(shortOne.err()).contains("at least 32 bytes").doesNotContain("short-one");
    }

    @Test
    void diagCommands_sendTheTokenFromTheFlagOrTheEnvironment() {
        RunId run = server.finishedRun(3);
        String token = mint("--sub", "oncall", "--runs", "*", "--admin");

        DiagRun.Result viaEnv = DiagRun.run(env("ARENA_TOKEN", token), "runs", "-o", "json");
        assertThat(viaEnv.exitCode()).as(viaEnv.all()).isZero();
        assertThat(viaEnv.out()).contains(run.value());

        DiagRun.Result viaFlag = DiagRun.run(server.clientEnv(), "runs", "--token", token);
        assertThat(viaFlag.exitCode()).as(viaFlag.all()).isZero();
        assertThat(viaFlag.out()).contains(run.value().substring(0, 8));

        DiagRun.Result stream = DiagRun.run(env("ARENA_TOKEN", token), "stream", run.value(), "-o", "json");
        assertThat(stream.exitCode()).as(stream.all()).isZero();
        assertThat(stream.out()).contains("agent.signal");

        DiagRun.Result forks = DiagRun.run(env("ARENA_TOKEN", token), "forks");
        assertThat(forks.exitCode()).as(forks.all()).isLessThan(3);
        assertThat(viaEnv.all() + viaFlag.all() + stream.all() + forks.all()).doesNotContain(token);
    }

    @Test
    void aMissingOrRefusedToken_isExit3SayingWhichAndHowToMintOne() {
        DiagRun.Result missing = DiagRun.run(server.clientEnv(), "runs");
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.err())
                .contains("token missing")
                .contains("arena diag token")
                .contains("ARENA_TOKEN");

        String forged = new dev.arena.auth.TokenMinter(
                        "some-other-secret-of-at-least-32-bytes!".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .mint("eve", List.of("*"), null, false, Instant.now(), Duration.ofMinutes(5));
        DiagRun.Result refused = DiagRun.run(server.clientEnv(), "runs", "--token", forged, "-o", "json");
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.err())
                .contains("token refused")
                .contains("does not verify")
                .contains("arena diag token");
        assertThat(refused.all()).doesNotContain(forged);

        RunId other = server.finishedRun(1);
        String narrow = mint("--sub", "narrow", "--runs", RunId.random().value());
        DiagRun.Result forbidden = DiagRun.run(env("ARENA_TOKEN", narrow), "stream", other.value());
        assertThat(forbidden.exitCode()).isEqualTo(3);
        assertThat(forbidden.err()).contains("token refused").contains("arena diag token");
    }
}
