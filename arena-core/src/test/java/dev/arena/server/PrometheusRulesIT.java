package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.arena.fixture.ServerFixture;
import dev.arena.testkit.ChildProcess;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus rules shipped in {@code deploy/prometheus/} hold: their unit tests pass under
 * {@code promtool test rules} (Debian's {@code prometheus} package; the test fails, saying how to
 * install it, when it is missing), and every {@code arena_*} metric they and the Grafana dashboard
 * name is one a running server really exports on {@code /metrics/prometheus}.
 */
class PrometheusRulesIT {

    private static final Pattern METRIC = Pattern.compile("\\barena_[a-z_]+");

    static Path deploy;

    @TempDir
    Path dir;

    @BeforeAll
    static void findDeploy() {
        Path d = Path.of("").toAbsolutePath();
        while (d != null && !Files.isDirectory(d.resolve("deploy/prometheus"))) {
            d = d.getParent();
        }
        assertThat(d)
                .as("deploy/prometheus above " + Path.of("").toAbsolutePath())
                .isNotNull();
        deploy = d.resolve("deploy");
    }

    private static boolean onPath(String command) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(p -> !p.isEmpty() && Files.isExecutable(Path.of(p, command)));
    }

    @Test
    void ruleUnitTests_passUnderPromtool() {
        if (!onPath("promtool")) {
            fail("promtool is not installed: it comes with Debian's prometheus package"
                    + " (sudo apt-get install -y prometheus); .ci/run installs it");
        }
        try (ChildProcess promtool = ChildProcess.command("promtool", "test", "rules", "rules_test.yml")
                .directory(deploy.resolve("prometheus"))
                .mergeStderr()
                .start()) {
            int exit = promtool.awaitExit(Duration.ofSeconds(60));
            assertThat(exit).as(promtool.output()).isZero();
            assertThat(promtool.output()).contains("SUCCESS");
        }
    }

    @Test
    void everyArenaMetricTheRulesAndDashboardName_isExportedByARunningServer() throws Exception {
        Set<String> named = new TreeSet<>();
        for (Path file :
                new Path[] {deploy.resolve("prometheus/arena-rules.yml"), deploy.resolve("grafana/arena-dashboard.json")
                }) {
            Matcher m = METRIC.matcher(Files.readString(file));
            while (m.find()) {
                named.add(m.group());
            }
        }
        assertThat(named).contains("arena_fork_tasks_stuck", "arena_sse_delivery_lag_seconds_bucket");
        try (ServerFixture fx = ServerFixture.builder(dir).start()) {
            fx.finishedRun(3); // so the counters move
            assertThat(fx.get("/runs").status()).isEqualTo(200); // so the request histogram has a series
            String exposition = fx.get("/metrics/prometheus").body();
            Set<String> exported = new TreeSet<>();
            Matcher m = Pattern.compile("(?m)^(arena_[a-z_]+)").matcher(exposition);
            while (m.find()) {
                exported.add(m.group(1));
            }
            assertThat(exported).as("exported by /metrics/prometheus").containsAll(named);
        }
    }
}
