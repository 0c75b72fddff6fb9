package dev.arena.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.diag.cli.support.CliConventions;
import dev.arena.diag.cli.support.ExitCodes;
import dev.arena.traffic.RaceProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RaceCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, boolean terminal, String... args) {
        CommandLine cl = CliConventions.apply(new CommandLine(new RaceCommand(env, () -> terminal)));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void notATerminal_printsOneSummaryLine() {
        int code = run(Map.of(), false, "--runs", "2", "--rate", "400", "--duration", "300ms", "--seed", "1");

        assertThat(code).isEqualTo(ExitCodes.OK);
        assertThat(out.toString())
                .doesNotContain("\r")
                .matches(
                        "race: 2 runs, \\d+ events in \\d+\\.\\ds = [\\d.]+ ev/s \\(target 400\\), 0 publish failures, "
                                + "forks 0 started / 0 failed, backend inprocess\\R");
        assertThat(err.toString()).contains("no other process");
    }

    @Test
    void onATerminal_drawsAProgressBar_thenTheSummary() {
        int code = run(Map.of(), true, "--runs", "1", "--rate", "200", "--duration", "300ms");

        assertThat(code).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("\r[################] 100%").contains("race: 1 runs");
    }

    @Test
    void forks_onTheInProcessBackend_areRefusedWithExit3() {
        int code = run(Map.of(), false, "--forks", "2", "--duration", "1s");

        assertThat(code).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(err.toString()).contains("--forks needs the server").contains("ARENA_BROKER_BACKEND=redis");
    }

    @Test
    void badOptions_exit3_namingTheOption_withoutStackTrace() {
        assertThat(run(Map.of(), false, "--duration", "soon")).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(run(Map.of(), false, "--runs", "0")).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(run(Map.of(), false, "--rate", "-5")).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(run(Map.of(), false, "--forks", "1", "--server", "ftp://x")).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(run(Map.of("ARENA_BROKER_BACKEND", "nats"), false)).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(err.toString())
                .contains("--duration 'soon' is not a duration")
                .contains("--runs must be")
                .contains("--rate must be")
                .contains("ARENA_BROKER_BACKEND='nats'")
                .doesNotContain("\tat ");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void unreachableRedis_exits3_beforeRacing() {
        // Redis backend is required for forks; with no Redis reachable the broker fails first (exit 3).
        int code = run(
                Map.of("ARENA_BROKER_BACKEND", "redis", "REDIS_URL", "redis://127.0.0.1:1/0"),
                false,
                "--forks",
                "1",
                "--duration",
                "1s",
                "--server",
                "http://127.0.0.1:1");
        assertThat(code).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(err.toString()).contains("cannot reach the broker");
    }

    @Test
    void underTheTestRunner_outputIsNotATerminal() {
        assertThat(RaceCommand.onTerminal()).isFalse();
    }

    @Test
    void progressBar_fitsIn80Columns() {
        RaceProgress p =
                new RaceProgress(Duration.ofMillis(29_900), Duration.ofSeconds(30), 10_000, 123_456_789L, 12_345, 9, 1);
        String bar = RaceCommand.bar(p);
        assertThat(bar).startsWith("\r[").contains("100%").contains("forks 9/10");
        assertThat(bar.length()).isLessThan(80);
    }
}
