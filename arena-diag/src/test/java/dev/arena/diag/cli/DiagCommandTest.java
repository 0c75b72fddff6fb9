package dev.arena.diag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.diag.cli.support.ExitCodes;
import dev.arena.diag.support.DiagRun;
import dev.arena.testkit.RedisServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiagCommandTest {

    private static final String RUN = "3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d";

    @Test
    void usageError_unknownOption_exits3WithSuggestionAndNoStackTrace() {
        DiagRun.Result r = DiagRun.run(Map.of(), "metrics", "--bogus");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.err())
                .contains("Unknown option: '--bogus'")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void noSubcommand_printsUsageToStderr_andExits2() {
        DiagRun.Result r = DiagRun.run(Map.of());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .contains("missing subcommand")
                .contains("Usage: diag")
                .contains("triage");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void usageError_badOutputFormat_exits3NamingTheValues() {
        DiagRun.Result r = DiagRun.run(Map.of(), "runs", "--output", "xml");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.err()).contains("xml").contains("table").contains("json");
    }

    @Test
    void invalidRunId_exits3NamingTheExpectedForm() {
        DiagRun.Result r = DiagRun.run(Map.of(), "triage", "not-a-uuid");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.err())
                .contains("invalid run id 'not-a-uuid'")
                .contains("lower-case UUID")
                .doesNotContain("\tat ");
    }

    @Test
    void badBackendVariable_exits3WithTheConfigMessage() {
        DiagRun.Result r = DiagRun.run(Map.of("ARENA_BROKER_BACKEND", "Rediss"), "backend");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.err())
                .contains("ARENA_BROKER_BACKEND='Rediss'")
                .contains("'inprocess'")
                .doesNotContain("\tat ");
    }

    @Test
    void serverDown_metricsExits3SayingConnectionRefused() { // how fast: TimeBudgetBench
        int closed = RedisServer.freePort();
        DiagRun.Result r = DiagRun.run(Map.of(), "metrics", "--server", "http://127.0.0.1:" + closed);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.err())
                .contains("unreachable")
                .contains("connection refused")
                .doesNotContain("\tat ");
    }

    @Test
    void triage_serverDownOnInprocess_isUnknown_exit3() {
        int closed = RedisServer.freePort();
        DiagRun.Result r = DiagRun.run(
                Map.of("ARENA_SERVER_URL", "http://127.0.0.1:" + closed), "triage", RUN, "--window", "100ms");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.out()).contains("UNKNOWN (NO SOURCE REACHABLE)").contains("arena diag doctor");
    }

    @Test
    void doctor_serverDownOnInprocess_exit3_withAHint() {
        int closed = RedisServer.freePort();
        DiagRun.Result r = DiagRun.run(Map.of("ARENA_SERVER_URL", "http://127.0.0.1:" + closed), "doctor");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.out()).contains("server").contains("UNKNOWN").contains("start `arena server`");
    }

    @Test
    void debug_isAcceptedBeforeAndAfterTheSubcommand_andAnUnreachableServerIsStillOneLine() {
        int closed = RedisServer.freePort();
        Map<String, String> env = Map.of("ARENA_SERVER_URL", "http://127.0.0.1:" + closed);
        for (String[] args : new String[][] {{"--debug", "metrics"}, {"metrics", "--debug"}}) {
            DiagRun.Result r = DiagRun.run(env, args);
            assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.UNKNOWN);
            assertThat(r.err())
                    .contains("connection refused")
                    .doesNotContain("Unknown option")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void sentinels_withoutRedis_exits3SayingHowToSelectIt() {
        DiagRun.Result r = DiagRun.run(Map.of(), "sentinels");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.err()).contains("ARENA_BROKER_BACKEND=redis").contains("--redis");
    }

    @Test
    void sentinels_badReaperGrace_exits3NamingTheValue_neverASilentDefault() {
        int closed = RedisServer.freePort();
        DiagRun.Result r = DiagRun.run(
                Map.of("ARENA_REAPER_GRACE", "soonish"), "sentinels", "--redis", "redis://127.0.0.1:" + closed);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.err()).contains("ARENA_REAPER_GRACE").contains("soonish").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void reap_inReadOnlyModeWithServerDown_neverActs() {
        int closed = RedisServer.freePort();
        DiagRun.Result r = DiagRun.run(
                Map.of("ARENA_READONLY", "1"), "reap", RUN, "--yes", "--server", "http://127.0.0.1:" + closed);
        // nothing reachable to preview: fails as UNKNOWN, never deletes anything
        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.err()).contains("cannot preview");
    }

    @Test
    void help_listsEverySubcommandOfSection8() {
        DiagRun.Result r = DiagRun.run(Map.of(), "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .contains(
                        "metrics",
                        "runs",
                        "sentinels",
                        "stream",
                        "forks",
                        "triage",
                        "cancel",
                        "reap",
                        "rotate-password",
                        "backend",
                        "doctor",
                        "history");
    }
}
