package dev.arena.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import dev.arena.broker.redis.RedisStreamsBroker;
import dev.arena.config.BrokerSettings;
import dev.arena.json.Json;
import dev.arena.store.RunStore;
import dev.arena.testkit.ChildProcess;
import dev.arena.testkit.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code arena server} in its own JVM: serves, and SIGTERM runs the bounded shutdown and releases DuckDB. */
class ServerCommandIT {

    @TempDir
    Path dir;

    /** {@code arena server} on port 0 in a second JVM, stdout and stderr captured together. */
    private ChildProcess startServer(Path db, Map<String, String> env, String... extra) {
        return ChildProcess.java(ArenaMain.class.getName(), "server", "--port", "0", "--db", db.toString())
                .args(extra)
                .withoutInherited("ARENA_BROKER_BACKEND")
                .env("ARENA_AUDIT_LOG", dir.resolve("audit.jsonl").toString())
                .env(env)
                .mergeStderr()
                .start();
    }

    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    /**
     * Regression: on Redis the broker's own JVM shutdown hook used to close the broker while the
     * server's shutdown still needed it, so stalled forks were never closed as cancelled and the
     * final archive failed with "the Redis broker is closed".
     */
    @Test
    void sigterm_onRedis_closesStalledForksAsCancelled_beforeTheBrokerGoes() throws Exception {
        try (RedisServer redis = RedisServer.startNew();
                EventBroker broker = RedisStreamsBroker.connect(
                        redis.url(), "arena-test", BrokerSettings.DEFAULTS, Clock.systemUTC())) {
            RunId parent = RunId.random();
            broker.openRun(parent, Map.of()).join();
            for (int i = 0; i < 5; i++) {
                broker.publish(parent, Event.of("agent.signal", Map.of("i", i))).join();
            }
            broker.closeRun(parent, RunOutcome.COMPLETE, Map.of()).join();

            try (ChildProcess server = startServer(
                    dir.resolve("arena.duckdb"),
                    Map.of("ARENA_BROKER_BACKEND", "redis", "REDIS_URL", redis.url()),
                    "--allow-fault-injection")) {
                String url = server.awaitLine(LISTENING, Duration.ofSeconds(60));
                HttpResponse<String> fork = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(url + "/forks"))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString("{\"parent_run_id\":\"" + parent
                                                + "\",\"scenario\":{\"stall_at_seq\":1}}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(fork.statusCode()).as(fork.body()).isEqualTo(202);
                RunId child =
                        RunId.parse(Json.parse(fork.body()).get("child_run_id").asText());
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(url + "/debug/forks"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body()
                        .contains("\"stage\":\"continuing\""));

                server.terminate(Duration.ofSeconds(60)); // SIGTERM
                String rest = server.stdout();
                assertThat(rest).doesNotContain("broker is closed").doesNotContain("SHUTDOWN STEP FAILED");
                List<Envelope> events = broker.read(child, 1, Integer.MAX_VALUE);
                assertThat(events.get(events.size() - 1).kind()).isEqualTo("run.cancelled");
                try (RunStore store = RunStore.open(dir.resolve("arena.duckdb"))) {
                    assertThat(store.run(child))
                            .as("the cancelled fork was archived at shutdown")
                            .isPresent();
                }
            }
        }
    }

    @Test
    void sigterm_shutsDownCleanly_andReleasesTheDuckDbFile() throws Exception {
        Path db = dir.resolve("arena.duckdb");
        try (ChildProcess server = startServer(db, Map.of())) {
            String url = server.awaitLine(LISTENING, Duration.ofSeconds(60));
            assertThat(url).as("the server printed its URL").isNotNull();
            HttpResponse<String> health = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url + "/health")).build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"backend\":\"inprocess\"");

            server.terminate(Duration.ofSeconds(30)); // SIGTERM
            try (RunStore reopened = RunStore.open(db)) {
                assertThat(reopened.healthy()).isTrue();
            }
        }
    }
}
