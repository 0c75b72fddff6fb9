package dev.arena.diag.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arena.broker.RunId;
import dev.arena.broker.redis.RedisKeys;
import dev.arena.diag.cli.support.ExitCodes;
import dev.arena.diag.server.ServerClient;
import dev.arena.diag.support.DiagRun;
import dev.arena.diag.support.RedisState;
import dev.arena.fixture.ServerFixture;
import dev.arena.json.Json;
import dev.arena.testkit.PrivateRedis;
import dev.arena.wire.ForkTaskView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --output nagios} on metrics, sentinels, forks, triage and doctor prints exactly one
 * monitoring-plugin line and exits 0–3; an unreachable server is {@code ARENA UNKNOWN}, exit 3.
 */
class NagiosOutputIT {

    /** A perfdata item of the monitoring-plugins guidelines: 'label'=value[UOM];[warn];[crit];[min];[max]. */
    private static final String PERF = "('[^']+'|[a-z_]+)=-?[0-9.]+(c|ms|s|%|B)?(;[^; ]*){0,4}";

    private static final Pattern LINE =
            Pattern.compile("ARENA (OK|WARNING|CRITICAL|UNKNOWN) - [^|\\n]+( \\| " + PERF + "( " + PERF + ")*)?\\R");
    private static final String DOWN = "http://127.0.0.1:9";

    @RegisterExtension
    static final PrivateRedis REDIS = new PrivateRedis();

    @TempDir
    static Path dir;

    private static ServerFixture healthy;
    private static ServerFixture stalled;
    private static String child;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        healthy = ServerFixture.builder(dir.resolve("a"))
                .stuckForksAfter(Duration.ofSeconds(1))
                .start();
        stalled = ServerFixture.builder(dir.resolve("b"))
                .stuckForksAfter(Duration.ofSeconds(1))
                .start();
        try (ServerClient client = new ServerClient(stalled.url(), ServerFixture.ADMIN_TOKEN, Duration.ofSeconds(5))) {
            RunId parent = stalled.finishedRun(10);
            child = client.startFork(parent, null, Json.parse("{\"stall_at_seq\":14}"));
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> client.forks().stream().anyMatch(ForkTaskView::stuck));
        }
    }

    @AfterAll
    static void stop() {
        healthy.close();
        stalled.close();
    }

    private static String line(DiagRun.Result r) {
        assertThat(r.out()).as(r.all()).matches(LINE);
        return r.out().strip();
    }

    @Test
    void metrics_healthy_isOk_withCountersAndGauges() {
        DiagRun.Result r = DiagRun.run(healthy.clientEnv(), "metrics", "-o", "nagios");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(line(r))
                .startsWith("ARENA OK - no stuck forks")
                .contains("| events_published=")
                .contains(" events_streamed=0c;;;0")
                .contains(" runs_open=0;;;0")
                .contains(" fork_tasks_stuck=0;;0;0")
                .contains(" streams_dropped=0c;0;;0");
    }

    @Test
    void metrics_forks_triage_doctor_withAStuckFork_areCritical_exit2() {
        DiagRun.Result metrics = DiagRun.run(stalled.clientEnv(), "metrics", "-o", "nagios");
        DiagRun.Result forks = DiagRun.run(stalled.clientEnv(), "forks", "--output", "nagios");
        DiagRun.Result triage = DiagRun.run(stalled.clientEnv(), "triage", child, "--window", "200ms", "-o", "nagios");
        DiagRun.Result doctor = DiagRun.run(stalled.clientEnv(), "doctor", "--output=nagios");

        assertThat(metrics.exitCode()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(line(metrics))
                .startsWith("ARENA CRITICAL - 1 stuck fork task(s)")
                .contains("fork_tasks_stuck=1;;0;0");
        assertThat(forks.exitCode()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(line(forks))
                .startsWith("ARENA CRITICAL - 1 stuck fork task(s): fork-")
                .contains("waiting in dev.arena.sim.SimulatedLlm.")
                .contains("next: arena diag triage " + child)
                .contains("fork_tasks_stuck=1;;0;0");
        assertThat(triage.exitCode()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(line(triage))
                .startsWith("ARENA CRITICAL - run " + child + " producer stuck mid-replay")
                .contains("seq_growth=0;;;0")
                .contains("window=200ms;;;0")
                .containsPattern("idle=[0-9.]+s;;1;0");
        assertThat(doctor.exitCode()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(line(doctor))
                .startsWith("ARENA CRITICAL - ")
                .contains("checks_critical=")
                .contains("checks_ok=");
    }

    @Test
    void serverDown_isUnknown_exit3_onEveryServerCheck() {
        for (String[] args : new String[][] {{"metrics"}, {"forks"}, {"doctor"}}) {
            Map<String, String> env = Map.of("ARENA_SERVER_URL", DOWN);
            String[] full = new String[args.length + 2];
            System.arraycopy(args, 0, full, 0, args.length);
            full[args.length] = "-o";
            full[args.length + 1] = "nagios";
            DiagRun.Result r = DiagRun.run(env, full);
            assertThat(r.exitCode()).as(args[0] + ": " + r.all()).isEqualTo(ExitCodes.UNKNOWN);
            assertThat(line(r)).as(args[0]).startsWith("ARENA UNKNOWN - ");
        }
        DiagRun.Result metrics = DiagRun.run(Map.of(), "metrics", "-o", "nagios", "--server", DOWN);
        assertThat(line(metrics)).contains("unreachable").contains("127.0.0.1:9");
        DiagRun.Result triage = DiagRun.run(
                Map.of(), "triage", RunId.random().value(), "--window", "0s", "-o", "nagios", "--server", DOWN);
        assertThat(triage.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(line(triage)).startsWith("ARENA UNKNOWN - run ");
    }

    @Test
    void sentinels_withoutExpiry_isWarning_withScanTimeInMs() {
        RedisState state = new RedisState(REDIS.server());
        try {
            RunId noTtl = RunId.random();
            RunId fine = RunId.random();
            state.writeRun(fine, 3, "agent.signal", Instant.now(), true);
            state.redis().set(RedisKeys.open(noTtl), "1");
            Map<String, String> env = new HashMap<>(Map.of(
                    "ARENA_BROKER_BACKEND", "redis", "REDIS_URL", REDIS.server().url(), "ARENA_SERVER_URL", DOWN));

            DiagRun.Result r = DiagRun.run(env, "sentinels", "-o", "nagios");

            assertThat(r.exitCode()).isEqualTo(ExitCodes.WARNING);
            assertThat(line(r))
                    .startsWith("ARENA WARNING - 2 open-run sentinel(s), 1 without expiry in redis://")
                    .contains("| sentinels=2;;;0 sentinels_without_ttl=1;0;;0 scan_time=")
                    .containsPattern("scan_time=\\d+ms;;;0");
            DiagRun.Result metrics = DiagRun.run(env, "metrics", "-o", "nagios");
            assertThat(metrics.exitCode())
                    .as("server down, Redis counters only: not OK")
                    .isEqualTo(ExitCodes.UNKNOWN);
            assertThat(line(metrics))
                    .startsWith("ARENA UNKNOWN - ")
                    .contains("(server unreachable)")
                    .contains("runs_open=2;;;0");
            state.redis().del(RedisKeys.open(noTtl));
            DiagRun.Result ok = DiagRun.run(env, "sentinels", "-o", "nagios", "--details");
            assertThat(ok.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(line(ok))
                    .startsWith("ARENA OK - 1 open-run sentinel(s), all progressing")
                    .contains("sentinels_without_progress=0;;0;0");
        } finally {
            state.redis().flushall();
            state.close();
        }
    }

    @Test
    void nagios_onACommandThatIsNoCheck_orWithWatch_orAUsageError_isUnknown_exit3() {
        DiagRun.Result runs = DiagRun.run(healthy.clientEnv(), "runs", "-o", "nagios");
        DiagRun.Result watch = DiagRun.run(healthy.clientEnv(), "metrics", "-o", "nagios", "--watch", "--count", "2");
        DiagRun.Result usage = DiagRun.run(healthy.clientEnv(), "forks", "-o", "nagios", "--frames", "-1");

        assertThat(runs.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(line(runs))
                .contains(
                        "--output nagios is for the checks metrics, sentinels, forks, triage, servers, readers and doctor");
        assertThat(watch.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(line(watch)).contains("drop --watch");
        assertThat(usage.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(line(usage)).contains("--frames must be at least 0, got -1");
    }
}
