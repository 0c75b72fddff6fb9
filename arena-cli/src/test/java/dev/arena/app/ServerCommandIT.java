package dev.arena.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.store.RunStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code arena server} in its own JVM: serves, and SIGTERM runs the bounded shutdown and releases DuckDB. */
class ServerCommandIT {

    @TempDir
    Path dir;

    private Process startServer(Path db, Path log, java.util.Map<String, String> env, String... extra) throws java.io.IOException {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ArenaMain.class.getName(), "server", "--port", "0",
                "--db", db.toString()));
        cmd.addAll(java.util.List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("ARENA_BROKER_BACKEND");
        pb.environment().put("ARENA_AUDIT_LOG", dir.resolve("audit.jsonl").toString());
        pb.environment().putAll(env);
        return pb.start();
    }

    private static String urlIn(String output) {
        Matcher m = Pattern.compile("listening on (http://\\S+)").matcher(output);
        return m.find() ? m.group(1) : null;
    }

    /**
     * Regression: on Redis the broker's own JVM shutdown hook used to close the broker while the
     * server's shutdown still needed it, so stalled forks were never closed as cancelled and the
     * final archive failed with "the Redis broker is closed".
     */
    @Test
    void sigterm_onRedis_closesStalledForksAsCancelled_beforeTheBrokerGoes() throws Exception {
        try (dev.arena.testkit.RedisServer redis = dev.arena.testkit.RedisServer.startNew();
             dev.arena.broker.EventBroker broker = dev.arena.broker.redis.RedisStreamsBroker.connect(redis.url(),
                     "arena-test", dev.arena.broker.BrokerSettings.DEFAULTS, java.time.Clock.systemUTC())) {
            dev.arena.broker.RunId parent = dev.arena.broker.RunId.random();
            broker.openRun(parent, java.util.Map.of()).join();
            for (int i = 0; i < 5; i++) {
                broker.publish(parent, dev.arena.broker.Event.of("agent.signal", java.util.Map.of("i", i))).join();
            }
            broker.closeRun(parent, dev.arena.broker.RunOutcome.COMPLETE, java.util.Map.of()).join();

            Path log = dir.resolve("server.log");
            Process server = startServer(dir.resolve("arena.duckdb"), log,
                    java.util.Map.of("ARENA_BROKER_BACKEND", "redis", "REDIS_URL", redis.url()), "--allow-fault-injection");
            try {
                String url = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                        .until(() -> urlIn(java.nio.file.Files.readString(log)), java.util.Objects::nonNull);
                HttpResponse<String> fork = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/forks"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"parent_run_id\":\"" + parent
                                + "\",\"scenario\":{\"stall_at_seq\":1}}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(fork.statusCode()).as(fork.body()).isEqualTo(202);
                dev.arena.broker.RunId child = dev.arena.broker.RunId.parse(
                        dev.arena.json.Json.parse(fork.body()).get("child_run_id").asText());
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/debug/forks")).build(),
                                HttpResponse.BodyHandlers.ofString()).body().contains("\"stage\":\"continuing\""));

                server.destroy(); // SIGTERM
                assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
                String rest = java.nio.file.Files.readString(log);
                assertThat(rest).doesNotContain("broker is closed").doesNotContain("SHUTDOWN STEP FAILED");
                java.util.List<dev.arena.broker.Envelope> events = broker.read(child, 1, Integer.MAX_VALUE);
                assertThat(events.get(events.size() - 1).kind()).isEqualTo("run.cancelled");
                try (RunStore store = RunStore.open(dir.resolve("arena.duckdb"))) {
                    assertThat(store.run(child)).as("the cancelled fork was archived at shutdown").isPresent();
                }
            } finally {
                server.destroyForcibly();
            }
        }
    }

    @Test
    void sigterm_shutsDownCleanly_andReleasesTheDuckDbFile() throws Exception {
        Path db = dir.resolve("arena.duckdb");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ArenaMain.class.getName(), "server", "--port", "0",
                "--db", db.toString()).redirectErrorStream(true);
        pb.environment().remove("ARENA_BROKER_BACKEND");
        pb.environment().put("ARENA_AUDIT_LOG", dir.resolve("audit.jsonl").toString());
        Process server = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String url = null;
            String line;
            while (url == null && (line = out.readLine()) != null) {
                Matcher m = Pattern.compile("listening on (http://\\S+)").matcher(line);
                if (m.find()) {
                    url = m.group(1);
                }
            }
            assertThat(url).as("the server printed its URL").isNotNull();
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"backend\":\"inprocess\"");

            server.destroy(); // SIGTERM
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
            try (RunStore reopened = RunStore.open(db)) {
                assertThat(reopened.healthy()).isTrue();
            }
        } finally {
            server.destroyForcibly();
        }
    }
}
