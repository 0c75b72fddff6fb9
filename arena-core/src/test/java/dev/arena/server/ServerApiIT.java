package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.config.BrokerSettings;
import dev.arena.fixture.ServerFixture;
import dev.arena.json.Json;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON endpoints of docs/api.md against a real server on the in-process broker. */
class ServerApiIT {

    @TempDir
    Path dir;

    EventBroker broker;
    ServerFixture fx;

    @BeforeEach
    void start() throws Exception {
        broker = new InProcessEventBroker(BrokerSettings.DEFAULTS, Clock.systemUTC());
        fx = ServerFixture.start(broker, dir);
    }

    @AfterEach
    void stop() {
        fx.close();
        broker.close();
    }

    @Test
    void health_reportsBackendDuckdbUptimeAndVersion() throws Exception {
        ServerFixture.Answer a = fx.get("/health");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.headers().get("Content-Type")).startsWith("application/json");
        JsonNode h = a.json();
        assertThat(h.path("status").asText()).isEqualTo("ok");
        assertThat(h.path("backend").asText()).isEqualTo("inprocess");
        assertThat(h.get("redis").isNull()).isTrue();
        assertThat(h.path("duckdb").path("path").asText()).endsWith("arena.duckdb");
        assertThat(h.path("store").path("kind").asText()).isEqualTo("duckdb");
        assertThat(h.path("store").path("location").asText()).endsWith("arena.duckdb");
        assertThat(h.path("store").path("ok").asBoolean()).isTrue();
        assertThat(h.path("duckdb").path("ok").asBoolean()).isTrue();
        assertThat(h.path("uptime_seconds").canConvertToLong()).isTrue();
        assertThat(h.path("version").asText()).isNotBlank();
        assertThat(h.path("fault_injection").asBoolean()).isFalse();
    }

    @Test
    void runs_mergesLiveAndArchived_newestFirst() throws Exception {
        RunId done = Runs.finished(broker, 3);
        RunId live = Runs.open(broker, 2);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> fx.get("/runs/" + done).json().path("persisted").asBoolean());

        JsonNode runs = fx.get("/runs").json();
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).path("run_id").asText()).isEqualTo(live.value());
        assertThat(runs.get(0).path("status").asText()).isEqualTo("running");
        assertThat(runs.get(0).path("last_seq").asLong()).isEqualTo(3);
        assertThat(runs.get(1).path("run_id").asText()).isEqualTo(done.value());
        assertThat(runs.get(1).path("status").asText()).isEqualTo("complete");
        assertThat(runs.get(1).path("finished_at").isTextual()).isTrue();

        broker.drop(done);
        JsonNode after = fx.get("/runs?status=complete").json();
        assertThat(after).singleElement().satisfies(r -> {
            assertThat(r.path("run_id").asText()).isEqualTo(done.value());
            assertThat(r.path("source").asText()).isEqualTo("archive");
            assertThat(r.path("last_seq").asLong()).isEqualTo(5);
        });
        assertThat(fx.get("/runs?limit=1").json()).hasSize(1);
    }

    @Test
    void runOne_liveStats_andArchiveView() throws Exception {
        RunId run = Runs.open(broker, 4);
        JsonNode r = fx.get("/runs/" + run).json();
        assertThat(r.path("status").asText()).isEqualTo("running");
        assertThat(r.path("head_seq").asLong()).isEqualTo(1);
        assertThat(r.path("last_seq").asLong()).isEqualTo(5);
        assertThat(r.path("length").asLong()).isEqualTo(5);
        assertThat(r.path("subscribers").asInt()).isZero();
        assertThat(r.path("last_event_at").isTextual()).isTrue();
        assertThat(r.has("sentinel_ttl_seconds")).isTrue();
        assertThat(r.path("source").asText()).isEqualTo("live");

        broker.closeRun(run, RunOutcome.ERROR, Map.of("why", "test")).join();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> fx.get("/runs/" + run).json().path("persisted").asBoolean());
        broker.drop(run);
        JsonNode archived = fx.get("/runs/" + run).json();
        assertThat(archived.path("source").asText()).isEqualTo("archive");
        assertThat(archived.path("status").asText()).isEqualTo("error");
        assertThat(archived.path("head_seq").asLong()).isEqualTo(1);
        assertThat(archived.path("last_seq").asLong()).isEqualTo(6);
        assertThat(archived.path("length").asLong()).isEqualTo(6);
    }

    @Test
    void metrics_json_andPrometheusThroughTheLibrary() throws Exception {
        Runs.open(broker, 9);
        JsonNode m = fx.get("/metrics").json();
        for (String field : List.of(
                "events_published",
                "events_streamed",
                "streams_dropped",
                "runs_open",
                "subscribers",
                "runs_reaped",
                "publish_failures",
                "fork_tasks_running",
                "fork_tasks_stuck")) {
            assertThat(m.has(field)).as(field).isTrue();
        }
        assertThat(m.path("events_published").asLong()).isEqualTo(10);
        assertThat(m.path("runs_open").asLong()).isEqualTo(1);
        assertThat(m.path("stream_max_len").asLong())
                .as("the count bound in force")
                .isEqualTo(10_000);
        assertThat(m.has("stream_max_age_seconds"))
                .as("no age bound by default")
                .isFalse();
        assertThat(m.path("events_trimmed_by_age").asLong()).isZero();

        ServerFixture.Answer p = fx.get("/metrics/prometheus");
        assertThat(p.status()).isEqualTo(200);
        assertThat(p.headers().get("Content-Type")).startsWith("text/plain");
        assertThat(p.body())
                .contains("# TYPE arena_events_published_total counter")
                .contains("arena_events_published_total 10.0")
                .contains("arena_runs_open 1.0")
                .contains("arena_fork_tasks_stuck 0.0")
                .contains("arena_streams_dropped_total{transport=\"sse\"} 0.0")
                .contains("arena_streams_dropped_total{transport=\"ws\"} 0.0");
    }

    @Test
    void badInput_getsJsonErrorsNamingTheProblem_andNothingReachesTheBroker() throws Exception {
        long publishedBefore = broker.metrics().eventsPublished();
        assertError(fx.get("/runs/not-a-uuid"), 400, "invalid run id 'not-a-uuid'");
        assertError(fx.get("/runs/3F2B8C1E-9A4D-4E7B-8C21-5D6F7A8B9C0D"), 400, "lower-case UUID");
        assertError(fx.get("/runs/" + RunId.random()), 404, "unknown run");
        assertError(fx.get("/runs?limit=0"), 400, "limit");
        assertError(fx.get("/runs?status=bogus"), 400, "status");
        assertError(fx.get("/events"), 400, "run_id is required");
        assertError(fx.get("/events?run_id=x'%20OR%201=1"), 400, "invalid run id");
        assertError(fx.get("/events?run_id=" + RunId.random()), 404, "unknown run");
        RunId run = Runs.open(broker, 1);
        assertError(fx.get("/events?run_id=" + run + "&from_seq=abc"), 400, "from_seq 'abc' is not an integer");
        assertError(fx.get("/events?run_id=" + run + "&from_seq=0"), 400, "from_seq 0 is out of range");
        assertError(
                fx.call(new Request.Builder()
                        .url(fx.url("/events?run_id=" + run))
                        .header("Last-Event-ID", "x1")
                        .build()),
                400,
                "Last-Event-ID");
        assertError(fx.post("/forks", "{\"parent_run_id\": "), 400, "malformed JSON");
        assertError(fx.post("/forks", "[1,2]"), 400, "JSON object");
        assertError(fx.post("/forks", ""), 400, "empty");
        assertError(fx.post("/forks", "{\"parent_run_id\": 123}"), 400, "parent_run_id");
        assertError(fx.post("/forks", "{\"parent_run_id\": \"../../etc\"}"), 400, "parent_run_id");
        assertError(fx.post("/forks", "{\"parent_run_id\": \"" + run + "\", \"at_seq\": \"5\"}"), 400, "at_seq");
        assertError(fx.post("/forks", "{\"parent_run_id\": \"" + run + "\", \"at_seq\": -1}"), 400, "at_seq");
        assertError(
                fx.post("/forks", "{\"parent_run_id\": \"" + run + "\", \"scenario\": {\"stall_at_seq\": 3}}"),
                400,
                "--allow-fault-injection");
        assertError(fx.post("/forks", "{\"parent_run_id\": \"" + RunId.random() + "\"}"), 404, "unknown run");
        String big = "{\"parent_run_id\": \"" + run + "\", \"pad\": \"" + "x".repeat(70_000) + "\"}";
        assertError(fx.post("/forks", big), 413, "over the limit of 65536 bytes");
        assertError(fx.get("/nope"), 404, "no such endpoint");
        ServerFixture.Answer wrongMethod = fx.post("/runs", "{}");
        assertError(wrongMethod, 405, "use GET");
        assertThat(wrongMethod.headers().get("Allow")).isEqualTo("GET, HEAD");

        assertThat(broker.runs()).hasSize(1);
        assertThat(broker.metrics().eventsPublished()).isEqualTo(publishedBefore + 2);
        assertThat(fx.server.forks().tasks()).isEmpty();
    }

    @Test
    void admin_reap_401_403_200_andAudited() throws Exception {
        RunId run = Runs.open(broker, 3);
        String path = "/admin/runs/" + run + "/reap";

        ServerFixture.Answer none = fx.post(path, null);
        assertError(none, 401, "Authorization: Bearer");
        assertThat(none.headers().get("WWW-Authenticate")).contains("Bearer");
        assertError(fx.post(path, null, "wrong-token"), 403, "wrong admin token");
        assertThat(broker.run(run)).get().satisfies(r -> assertThat(r.isOpen()).isTrue());

        ServerFixture.Answer ok = fx.post(path, "{\"reason\":\"stuck producer\"}", ServerFixture.ADMIN_TOKEN);
        assertThat(ok.status()).isEqualTo(200);
        JsonNode body = ok.json();
        assertThat(body.path("reaped").asBoolean()).isTrue();
        assertThat(body.path("status").asText()).isEqualTo("reaped");
        assertThat(body.path("events_persisted").asLong()).isEqualTo(5);
        assertThat(broker.run(run)).isEmpty();
        JsonNode archived = fx.get("/runs/" + run).json();
        assertThat(archived.path("status").asText()).isEqualTo("reaped");
        assertThat(archived.path("source").asText()).isEqualTo("archive");
        assertError(fx.post(path, null, ServerFixture.ADMIN_TOKEN), 404, "already archived");
        assertError(fx.post("/admin/forks/nope/cancel", null, ServerFixture.ADMIN_TOKEN), 404, "unknown fork task");

        String audit = Files.readString(dir.resolve("audit.jsonl"));
        List<JsonNode> lines = audit.lines().map(Json::parse).toList();
        assertThat(lines)
                .extracting(l -> l.path("result").asText())
                .containsExactly("denied", "denied", "ok", "not_found", "not_found");
        assertThat(lines.get(2).path("action").asText()).isEqualTo("reap");
        assertThat(lines.get(2).path("target").asText()).isEqualTo(run.value());
        assertThat(lines.get(2).path("actor").asText()).isEqualTo("server-admin");
        assertThat(lines.get(2).path("ts").isTextual()).isTrue();
        assertThat(audit).doesNotContain(ServerFixture.ADMIN_TOKEN).doesNotContain("wrong-token");
    }

    @Test
    void admin_withoutConfiguredToken_is403SayingHowToEnable(@TempDir Path other) throws Exception {
        Map<String, String> env = ServerFixture.env(other);
        env.remove("ARENA_ADMIN_TOKEN");
        try (ServerFixture noToken = ServerFixture.start(broker, other, env, b -> {})) {
            RunId run = Runs.open(broker, 1);
            assertError(
                    noToken.post("/admin/runs/" + run + "/reap", null, "anything"),
                    403,
                    "set ARENA_ADMIN_TOKEN on the server");
            assertThat(broker.run(run)).isPresent();
        }
    }

    @Test
    void reaper_reapsIdleRunsOnSchedule_persistingFirst(@TempDir Path other) throws Exception {
        Map<String, String> env = ServerFixture.env(other);
        env.put("ARENA_REAPER_GRACE", "1s");
        try (ServerFixture fast = ServerFixture.start(broker, other, env, b -> {})) {
            RunId run = Runs.open(broker, 2);
            await().atMost(Duration.ofSeconds(15)).until(() -> broker.run(run).isEmpty());
            JsonNode r = fast.get("/runs/" + run).json();
            assertThat(r.path("status").asText()).isEqualTo("reaped");
            assertThat(r.path("last_seq").asLong()).isEqualTo(4);
            assertThat(r.path("length").asLong()).isEqualTo(4);
            assertThat(broker.metrics().runsReaped()).isEqualTo(1);
        }
    }

    @Test
    void jettyLevelErrors_areJsonToo() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", fx.server.port())) {
            socket.setSoTimeout(10_000);
            String request = "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response)
                    .startsWith("HTTP/1.1 431")
                    .contains("application/json")
                    .contains("\"error\":\"headers_too_large\"");
        }
    }

    static void assertError(ServerFixture.Answer answer, int status, String detailPart) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        JsonNode body = answer.json();
        assertThat(body.path("error").asText()).isNotBlank();
        assertThat(body.path("detail").asText()).contains(detailPart);
    }
}
