package dev.arena.diag.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.diag.cli.support.ExitCodes;
import dev.arena.diag.server.ServerClient;
import dev.arena.diag.support.DiagRun;
import dev.arena.fixture.ServerFixture;
import dev.arena.json.Json;
import dev.arena.testkit.RedisServer;
import dev.arena.wire.ForkTaskView;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code arena diag bundle} of a stuck fork's child on a real server over a real
 * password-protected Redis: one 0600 zip holding every part the runbook asks for, a manifest, and no secret.
 */
class BundleCommandIT {

    private static final String PASSWORD = "bundle-redis-pw-Zq81xT";
    private static final String TOKEN = "bundle-admin-token-7Hk2pW";

    /** Our own redis-server, not the PrivateRedis extension: that one flushes before each test, and the stuck fork lives across tests. */
    private static RedisServer redis;

    @TempDir
    static Path dir;

    private static Map<String, String> env;
    private static ServerFixture server;
    private static String child;

    @BeforeAll
    static void stuckForkOnRedis() throws Exception {
        redis = RedisServer.builder().password(PASSWORD).start();
        Map<String, String> e = new HashMap<>();
        e.put("ARENA_BROKER_BACKEND", "redis");
        e.put("REDIS_URL", "redis://:" + PASSWORD + "@127.0.0.1:" + redis.port() + "/0");
        e.put("REDIS_PASSWORD", PASSWORD);
        e.put("ARENA_ADMIN_TOKEN", TOKEN);
        e.put("ARENA_HTTP_PORT", "0");
        e.put("ARENA_DB", dir.resolve("arena.duckdb").toString());
        e.put("ARENA_AUDIT_LOG", dir.resolve("audit.jsonl").toString());
        e.put("ARENA_FORK_STUCK_AFTER", "1s");
        server = ServerFixture.builder(dir)
                .env(e)
                .stuckForksAfter(Duration.ofSeconds(1))
                .start();
        EventBroker broker = server.broker;
        e.put("ARENA_SERVER_URL", server.url());
        env = Map.copyOf(e);

        RunId parent = RunId.random();
        broker.openRun(parent, Map.of()).join();
        for (int i = 0; i < 12; i++) {
            broker.publish(parent, Event.of("agent.signal", Map.of("i", i))).join();
        }
        try (ServerClient client = new ServerClient(server.url(), TOKEN, Duration.ofSeconds(5))) {
            child = client.startFork(parent, null, Json.parse("{\"stall_at_seq\":16}"));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> client.forks().stream().anyMatch(ForkTaskView::stuck));
        }
        // an audited action, so the audit tail has a line (a dry run is not audited; a refused reap is)
        DiagRun.run(env, "reap", parent.value(), "--yes");
    }

    @AfterAll
    static void stop() {
        server.close();
        redis.close();
    }

    @Test
    void bundle_ofAStuckForksChild_holdsEveryPart_andAManifest_0600() throws Exception {
        Path file = dir.resolve("out/bug.zip");

        DiagRun.Result r = DiagRun.run(env, "bundle", child, "-f", file.toString(), "--window", "300ms");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("wrote " + file).contains("mode 0600");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        Map<String, String> files = unzip(file);
        String folder = "arena-bundle-" + child.substring(0, 8) + "-";
        assertThat(files.keySet()).allMatch(name -> name.startsWith(folder));
        Map<String, String> byName = new LinkedHashMap<>();
        files.forEach((name, text) -> byName.put(name.substring(name.indexOf('/') + 1), text));
        assertThat(byName.keySet())
                .containsExactly(
                        "manifest.json",
                        "triage.txt",
                        "triage.json",
                        "run.json",
                        "events.jsonl",
                        "fork.json",
                        "fork-stack.txt",
                        "metrics.json",
                        "doctor.json",
                        "redis.json",
                        "redis-clients.txt",
                        "health.json",
                        "live.json",
                        "ready.json",
                        "version.json",
                        "config.json",
                        "audit-tail.jsonl");

        JsonNode manifest = Json.parse(byName.get("manifest.json"));
        assertThat(manifest.get("run_id").asText()).isEqualTo(child);
        assertThat(manifest.get("missing")).isEmpty();
        assertThat(manifest.get("files").findValuesAsText("name")).contains("events.jsonl", "fork.json", "redis.json");
        manifest.get("files").forEach(f -> assertThat(f.get("what").asText()).isNotBlank());

        // the same document as `arena diag triage -o json`
        assertThat(Json.parse(byName.get("triage.json")).get("verdict").asText())
                .isEqualTo("producer_stuck");
        assertThat(Json.parse(byName.get("triage.json")).get("verdict_label").asText())
                .isEqualTo("producer stuck mid-replay");
        assertThat(byName.get("triage.txt"))
                .contains("producer stuck mid-replay")
                .contains("next steps");
        assertThat(Json.parse(byName.get("run.json")).get("run_id").asText()).isEqualTo(child);
        List<String> events = byName.get("events.jsonl").lines().toList();
        assertThat(events).hasSizeGreaterThanOrEqualTo(15);
        assertThat(Json.parse(events.get(0)).get("seq").asLong()).isEqualTo(1);
        assertThat(Json.parse(events.get(events.size() - 1)).get("run_id").asText())
                .isEqualTo(child);
        JsonNode fork = Json.parse(byName.get("fork.json"));
        assertThat(fork.get("child_run_id").asText()).isEqualTo(child);
        assertThat(fork.get("liveness").asText()).isEqualTo("stuck");
        assertThat(byName.get("fork-stack.txt")).contains("at dev.arena.sim.SimulatedLlm.");
        JsonNode metrics = Json.parse(byName.get("metrics.json"));
        assertThat(metrics.get("window_ms").asLong()).isGreaterThanOrEqualTo(300);
        assertThat(metrics.get("second").get("fork_tasks_stuck").asLong()).isEqualTo(1);
        assertThat(metrics.get("delta").has("events_published")).isTrue();
        assertThat(Json.parse(byName.get("doctor.json")).get("checks")).isNotEmpty();
        JsonNode redis = Json.parse(byName.get("redis.json"));
        assertThat(redis.get("keys")
                        .get("arena:run:{" + child + "}:events")
                        .get("type")
                        .asText())
                .isEqualTo("stream");
        assertThat(redis.get("keys")
                        .get("arena:run:{" + child + "}:open")
                        .get("pttl_ms")
                        .asLong())
                .isPositive();
        assertThat(redis.get("xinfo_stream").get("length").asLong()).isGreaterThanOrEqualTo(15);
        assertThat(byName.get("redis-clients.txt"))
                .contains("name=arena-server@")
                .contains("name=arena-cli@");
        assertThat(Json.parse(byName.get("health.json")).get("version").asText())
                .isNotBlank();
        assertThat(Json.parse(byName.get("live.json")).get("status").asText()).isEqualTo("live");
        JsonNode ready = Json.parse(byName.get("ready.json"));
        assertThat(ready.get("status").asText()).isEqualTo("ready");
        assertThat(ready.get("dependencies").get("store").get("status").asText())
                .isEqualTo("ok");
        assertThat(ready.get("dependencies").get("broker").get("status").asText())
                .isEqualTo("ok");
        assertThat(Json.parse(byName.get("version.json")).has("cli")).isTrue();
        JsonNode config = Json.parse(byName.get("config.json"));
        assertThat(config.get("environment").get("REDIS_PASSWORD").asText()).isEqualTo("***");
        assertThat(config.get("environment").get("REDIS_URL").asText()).contains(":***@");
        assertThat(config.get("effective").get("admin_token").asText()).isEqualTo("***");
        assertThat(byName.get("audit-tail.jsonl")).contains("\"action\":\"reap\"");
    }

    @Test
    void bundle_containsNoSecret_inAnyFile() throws Exception {
        Path file = dir.resolve("secrets.zip");

        DiagRun.Result r = DiagRun.run(env, "bundle", child, "--file", file.toString(), "--window", "0s", "-o", "json");

        assertThat(r.exitCode()).as(r.all()).isIn(ExitCodes.OK, ExitCodes.WARNING);
        assertThat(Json.parse(r.out()).get("file").asText()).isEqualTo(file.toString());
        byte[] raw = Files.readAllBytes(file);
        assertThat(new String(raw, StandardCharsets.ISO_8859_1))
                .doesNotContain(PASSWORD)
                .doesNotContain(TOKEN);
        Map<String, String> files = unzip(file);
        assertThat(files).hasSizeGreaterThan(10);
        files.forEach((name, text) -> assertThat(text)
                .as(name)
                .doesNotContain(PASSWORD)
                .doesNotContain(TOKEN)
                .doesNotContain(URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)));
    }

    /** A shell whose ARENA_DB names a PostgreSQL store; its password stays out of the bundle too. */
    @Test
    void bundle_withAPostgresStoreInTheEnvironment_masksItsPassword_everywhere() throws Exception {
        Path file = dir.resolve("pg.zip");
        Map<String, String> pg = new HashMap<>(env);
        pg.put("ARENA_DB", "postgresql://arena:Store-Pw%2F99@db.internal:5432/arena");

        DiagRun.Result r = DiagRun.run(pg, "bundle", child, "-f", file.toString(), "--window", "0s");

        assertThat(r.exitCode()).as(r.all()).isIn(ExitCodes.OK, ExitCodes.WARNING);
        Map<String, String> files = unzip(file);
        files.forEach((name, text) -> assertThat(text).as(name).doesNotContain("Store-Pw"));
        JsonNode config = Json.parse(files.entrySet().stream()
                .filter(f -> f.getKey().endsWith("/config.json"))
                .findFirst()
                .orElseThrow()
                .getValue());
        assertThat(config.get("environment").get("ARENA_DB").asText())
                .isEqualTo("postgresql://arena:***@db.internal:5432/arena");
        assertThat(config.get("effective").get("store").asText())
                .isEqualTo("postgresql postgresql://arena:***@db.internal:5432/arena");
    }

    @Test
    void bundle_withTheServerDown_isStillWritten_andTheManifestSaysWhatIsMissingAndWhy() throws Exception {
        Path file = dir.resolve("down.zip");
        Map<String, String> down = new HashMap<>(env);
        down.put("ARENA_SERVER_URL", "http://127.0.0.1:9");

        DiagRun.Result r = DiagRun.run(down, "bundle", child, "-f", file.toString(), "--window", "0s");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.WARNING);
        assertThat(r.out()).contains("not collected:").contains("run.json: server http://127.0.0.1:9 unreachable");
        Map<String, String> files = unzip(file);
        JsonNode manifest = Json.parse(files.values().iterator().next());
        assertThat(manifest.get("missing").findValuesAsText("name"))
                .contains("run.json", "fork.json", "metrics.json", "health.json");
        manifest.get("missing").forEach(m -> assertThat(m.get("why").asText()).isNotBlank());
        assertThat(files.keySet()).anyMatch(n -> n.endsWith("/redis.json")).anyMatch(n -> n.endsWith("/events.jsonl"));
    }

    @Test
    void bundle_badRunOrUnwritablePlace_exits3_andWritesNothing() throws Exception {
        DiagRun.Result bad = DiagRun.run(env, "bundle", "not-a-run");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(bad.err()).contains("invalid run id");

        Path blocker = dir.resolve("a-file");
        Files.writeString(blocker, "x");
        DiagRun.Result unwritable =
                DiagRun.run(env, "bundle", child, "-f", blocker.resolve("b.zip").toString(), "--window", "0s");
        assertThat(unwritable.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(unwritable.err()).contains("cannot write the bundle to").contains("-f FILE");
    }

    private static Map<String, String> unzip(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file), StandardCharsets.UTF_8)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                out.put(e.getName(), new String(readAll(zip), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        in.transferTo(b);
        return b.toByteArray();
    }
}
