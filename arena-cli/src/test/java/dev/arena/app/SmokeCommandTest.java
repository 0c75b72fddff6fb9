package dev.arena.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.diag.cli.support.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SmokeCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        CommandLine cl = new CommandLine(new SmokeCommand(env));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void inProcess_printsRunIdAndEventCount_andWarnsThatNoOtherProcessCanSeeTheRun() {
        int code = run(Map.of(), "--latency-scale", "0", "--seed", "4");

        assertThat(code).isEqualTo(ExitCodes.OK);
        assertThat(out.toString())
                .matches("(?s)run [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}: "
                        + "\\d{2,3} events published, closed run.complete \\(backend inprocess, seed 4\\)\\R");
        assertThat(err.toString()).contains("no other process").contains("ARENA_BROKER_BACKEND=redis");
    }

    @Test
    void badBackend_exits3_withTheConfigMessage_andNoStackTrace() {
        int code = run(Map.of("ARENA_BROKER_BACKEND", "kafka"));

        assertThat(code).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(err.toString())
                .contains("ARENA_BROKER_BACKEND='kafka'")
                .contains("'inprocess'")
                .contains("'redis'")
                .doesNotContain("\tat ")
                .doesNotContain("Exception");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void unreachableRedis_exits3_withTheUrlMasked_andNoStackTrace() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort(); // closed again: nothing listens there
        }
        String password = "s3cret-Passw0rd";
        int code = run(Map.of(
                "ARENA_BROKER_BACKEND", "redis", "REDIS_URL", "redis://:" + password + "@127.0.0.1:" + port + "/0"));

        assertThat(code).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(err.toString())
                .contains("arena smoke: cannot reach the broker")
                .contains("127.0.0.1:" + port)
                .doesNotContain(password)
                .doesNotContain("\tat ");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void bestEffort_unreachableRedis_producesTheRunAnyway_intoTheNullBroker_exit1() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort(); // closed again: nothing listens there
        }
        String password = "s3cret-Passw0rd";
        int code = run(
                Map.of(
                        "ARENA_BROKER_BACKEND",
                        "redis",
                        "REDIS_URL",
                        "redis://:" + password + "@127.0.0.1:" + port + "/0"),
                "--best-effort",
                "--latency-scale",
                "0",
                "--seed",
                "4");

        assertThat(code).isEqualTo(ExitCodes.WARNING);
        assertThat(err.toString())
                .contains("cannot reach the broker")
                .contains("--best-effort")
                .contains("null broker")
                .doesNotContain(password)
                .doesNotContain("\tat ");
        assertThat(out.toString())
                .matches("(?s)run \\S+: \\d{2,3} events published, closed run.complete \\(backend null, seed 4\\)\\R");
    }

    @Test
    void bestEffort_onAWorkingBroker_isAPlainSmoke_exit0() {
        int code = run(Map.of(), "--best-effort", "--latency-scale", "0", "--seed", "4");

        assertThat(code).isEqualTo(ExitCodes.OK);
        assertThat(out.toString())
                .matches(
                        "(?s)run \\S+: \\d{2,3} events published, closed run.complete \\(backend inprocess, seed 4\\)\\R");
    }

    @Test
    void bestEffort_neverSwallowsAConfigurationError() {
        assertThat(run(Map.of("ARENA_BROKER_BACKEND", "kafka"), "--best-effort"))
                .isEqualTo(ExitCodes.UNKNOWN);
        assertThat(err.toString()).contains("ARENA_BROKER_BACKEND='kafka'");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void badOptionValue_throughTheRootCommand_exits3() {
        CommandLine root = ArenaMain.commandLine();
        root.setOut(new PrintWriter(out, true));
        root.setErr(new PrintWriter(err, true));

        assertThat(root.execute("smoke", "--latency-scale", "fast")).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(err.toString()).contains("--latency-scale");
    }

    @Test
    void negativeLatencyScale_isRefusedWithExit3() {
        assertThat(run(Map.of(), "--latency-scale", "-1")).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(err.toString()).contains("--latency-scale must be a number >= 0");
    }

    @Test
    void masked_hidesPasswordsFromUrlAndVariable() {
        Map<String, String> env =
                Map.of("REDIS_URL", "redis://:p%40ss-word-1@h:6379/0", "REDIS_PASSWORD", "other-secret");
        String text = "failed redis://:p%40ss-word-1@h:6379/0 with p@ss-word-1 and other-secret";

        assertThat(SmokeCommand.masked(text, env))
                .doesNotContain("ss-word-1")
                .doesNotContain("other-secret")
                .contains("redis://:***@h:6379/0");
    }
}
