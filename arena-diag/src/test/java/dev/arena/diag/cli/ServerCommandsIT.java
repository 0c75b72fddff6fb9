package dev.arena.diag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.Event;
import dev.arena.broker.RunId;
import dev.arena.diag.cli.support.ExitCodes;
import dev.arena.diag.support.DiagRun;
import dev.arena.fixture.ServerFixture;
import dev.arena.json.Json;
import dev.arena.testkit.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** diag commands against a real server (in-process backend) in the situations they diagnose. */
class ServerCommandsIT {

    @TempDir
    static Path dir;

    private static ServerFixture server;

    @BeforeAll
    static void start() throws Exception {
        server = ServerFixture.builder(dir)
                .stuckForksAfter(Duration.ofSeconds(1))
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Runs a producer publishing every 20 ms while {@code body} runs. */
    private static void whileProducing(RunId run, Runnable body) throws InterruptedException {
        server.broker.openRun(run, Map.of()).join();
        AtomicBoolean on = new AtomicBoolean(true);
        Thread producer = new Thread(() -> {
            for (int i = 0; on.get(); i++) {
                server.broker
                        .publish(run, Event.of("agent.signal", Map.of("i", i)))
                        .join();
                try {
                    Thread.sleep(20); // the producer's pace, not test synchronisation
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        producer.start();
        try {
            body.run();
        } finally {
            on.set(false);
            producer.join();
        }
    }

    @Test
    void triage_healthyRun_isProgressing_exit0_fromOneLookOrAWatch() throws Exception {
        RunId run = RunId.random();
        whileProducing(run, () -> {
            DiagRun.Result r = DiagRun.run(server.clientEnv(), "triage", run.value());
            assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.OK);
            assertThat(r.out()).contains("PROGRESSING").contains("last event ").contains("fork task: none");

            DiagRun.Result watched = DiagRun.run(server.clientEnv(), "triage", run.value(), "--watch", "400ms");
            assertThat(watched.exitCode()).as(watched.all()).isEqualTo(ExitCodes.OK);
            assertThat(watched.out()).contains("PROGRESSING").contains(" events in 400 ms");

            DiagRun.Result reap = DiagRun.run(server.clientEnv(), "reap", run.value(), "--yes");
            assertThat(reap.exitCode()).as(reap.all()).isEqualTo(ExitCodes.REFUSED);
            assertThat(reap.err()).contains("progressed").contains("--force");
        });
    }

    @Test
    void runsJson_isAnArray_pagedByBefore() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.broker.openRun(RunId.random(), Map.of()).join();
        }

        DiagRun.Result first = DiagRun.run(server.clientEnv(), "runs", "-o", "json", "--limit", "2");
        JsonNode page1 = Json.parse(first.out());
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(page1.isArray()).isTrue();
        assertThat(page1).hasSize(2);
        String last = page1.get(1).get("run_id").asText();

        DiagRun.Result second = DiagRun.run(server.clientEnv(), "runs", "-o", "json", "--limit", "2", "--before", last);
        JsonNode page2 = Json.parse(second.out());
        assertThat(page2.findValuesAsText("run_id"))
                .isNotEmpty()
                .doesNotContainAnyElementsOf(page1.findValuesAsText("run_id"));

        DiagRun.Result table = DiagRun.run(server.clientEnv(), "runs", "--limit", "2");
        assertThat(table.out()).contains("more may follow: arena diag runs --limit 2 --before ");

        DiagRun.Result bad = DiagRun.run(server.clientEnv(), "runs", "--before", "yesterday");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(bad.err()).contains("--before 'yesterday' is neither a run id");
    }

    @Test
    void reap_throughTheServer_persistsFirst_verifies_andAudits() throws Exception {
        RunId run = RunId.random();
        server.broker.openRun(run, Map.of()).join();
        server.broker.publish(run, Event.of("agent.signal")).join();

        DiagRun.Result noConfirm = DiagRun.run(server.clientEnv(), "reap", run.value(), "--force");
        assertThat(noConfirm.exitCode()).isEqualTo(ExitCodes.REFUSED);

        DiagRun.Result dry = DiagRun.run(server.clientEnv(), "reap", run.value(), "--force", "--dry-run", "--yes");
        assertThat(dry.exitCode()).isZero();
        assertThat(dry.out()).contains("dry_run: nothing was changed").contains("/admin/runs/" + run + "/reap");

        Map<String, String> noToken = new HashMap<>(server.clientEnv());
        noToken.remove("ARENA_ADMIN_TOKEN");
        DiagRun.Result refused = DiagRun.run(noToken, "reap", run.value(), "--force", "--yes");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(refused.err()).contains("ARENA_ADMIN_TOKEN");

        DiagRun.Result done =
                DiagRun.run(server.clientEnv(), "reap", run.value(), "--force", "--yes", "--output", "json");
        assertThat(done.exitCode()).as(done.all()).isZero();
        JsonNode j = Json.parse(done.out());
        assertThat(j.get("result").asText()).isEqualTo("done");
        assertThat(j.get("verification").toString()).contains("final status reaped");

        DiagRun.Result runs = DiagRun.run(server.clientEnv(), "runs", "--output", "json");
        assertThat(Json.parse(runs.out()).findValuesAsText("run_id")).contains(run.value());
        assertThat(Json.parse(runs.out()).isArray()).isTrue();
        assertThat(Files.readString(server.clientAuditLog()))
                .contains(run.value())
                .contains("\"result\":\"done\"")
                .doesNotContain(ServerFixture.ADMIN_TOKEN);
    }

    @Test
    void serverOnTheInProcessBackend_backendAndDoctorExit2_withTheFix_whateverThisShellSelects() {
        try (RedisServer redis = RedisServer.startNew()) {
            Map<String, String> env = new HashMap<>(server.clientEnv());
            env.put("ARENA_BROKER_BACKEND", "redis");
            env.put("REDIS_URL", redis.url());
            DiagRun.Result backend = DiagRun.run(env, "backend");
            assertThat(backend.exitCode()).as(backend.all()).isEqualTo(ExitCodes.CRITICAL);
            assertThat(backend.out())
                    .contains("NOT SHARED")
                    .contains("in-process backend")
                    .contains("redis");

            DiagRun.Result doctor = DiagRun.run(env, "doctor", "--output", "json");
            assertThat(doctor.exitCode()).as(doctor.all()).isEqualTo(ExitCodes.CRITICAL);
            JsonNode checks = Json.parse(doctor.out()).get("checks");
            assertThat(checks.findValuesAsText("name"))
                    .contains("env", "server", "backend", "redis", "redis.maxmemory", "runs_open");
        }
        // the same setting as the server is no help: its in-process broker is its own memory
        DiagRun.Result same = DiagRun.run(server.clientEnv(), "backend", "--output", "json");
        assertThat(same.exitCode()).as(same.all()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(Json.parse(same.out()).get("server_backend").asText()).isEqualTo("inprocess");
        assertThat(same.out())
                .contains("ARENA_BROKER_BACKEND=redis REDIS_URL=redis://…")
                .contains("arena demo");
        DiagRun.Result doctor = DiagRun.run(server.clientEnv(), "doctor", "--output", "json");
        assertThat(doctor.exitCode()).as(doctor.all()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(doctor.out()).contains("NOT SHARED: the server runs the in-process backend");
    }

    @Test
    void metricsWatch_piped_printsOneJsonObjectPerInterval_withRates() {
        DiagRun.Result r = DiagRun.run(server.clientEnv(), "metrics", "--watch", "--count", "2", "--interval", "100ms");
        assertThat(r.exitCode()).as(r.all()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(Json.parse(lines.get(0)).get("rates").isNull()).isTrue();
        assertThat(Json.parse(lines.get(1)).get("rates").has("events_published"))
                .isTrue();
    }

    @Test
    void metrics_once_showsCountersWithoutARateColumnItCannotFill() {
        DiagRun.Result r = DiagRun.run(server.clientEnv(), "metrics");
        assertThat(r.out()).contains("events_published").contains("status ").doesNotContain("RATE/s");
    }

    @Test
    void metricsWatch_onATerminal_redrawsInPlace() {
        DiagRun.Result r =
                DiagRun.typing(server.clientEnv(), "", "metrics", "--watch", "--count", "2", "--interval", "100ms");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out().split("\u001b\\[H\u001b\\[2J", -1)).hasSize(3);
        assertThat(r.out()).contains("RATE/s").contains("events_published");
    }

    @Test
    void stream_fromTheServer_showsLastEventsOverSse() {
        RunId run = server.finishedRun(8);
        server.server.archiveNow();
        DiagRun.Result r = DiagRun.run(server.clientEnv(), "stream", run.value(), "--last", "3", "--output", "json");
        assertThat(r.exitCode()).as(r.all()).isZero();
        JsonNode v = Json.parse(r.out());
        assertThat(v.get("last_seq").asLong()).isEqualTo(10);
        assertThat(v.get("store_first_seq").asLong())
                .as("the store tier's head")
                .isEqualTo(1);
        assertThat(v.get("store_last_seq").asLong())
                .as("archived through its end")
                .isEqualTo(10);
        assertThat(v.get("last_events"))
                .extracting(e -> e.get("kind").asText())
                .containsExactly("agent.signal", "agent.signal", "run.complete");

        DiagRun.Result table = DiagRun.run(server.clientEnv(), "stream", run.value());
        assertThat(table.out())
                .contains("run.complete")
                .contains("broker tail seq")
                .contains("store first seq")
                .contains("store last seq");
    }

    @Test
    void runsAndHealth_tableOutput_hasNoColourWhenPiped() {
        server.finishedRun(1);
        DiagRun.Result r = DiagRun.run(server.clientEnv(), "runs");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("RUN").contains("complete").doesNotContain("\u001b[");
    }
}
