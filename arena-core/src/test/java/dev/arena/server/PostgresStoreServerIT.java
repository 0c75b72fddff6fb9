package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.Envelope;
import dev.arena.broker.RunId;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.fixture.CapturedLogs;
import dev.arena.fixture.ServerFixture;
import dev.arena.testkit.PostgresServer;
import dev.arena.testkit.PrivatePostgres;
import dev.arena.time.Ticker;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server with {@code ARENA_DB=postgresql://…} archives finished runs into PostgreSQL and
 * serves {@code /runs}, {@code /runs/{id}} and the SSE cold path from it — also after a restart, i.e. from a
 * store another server process wrote — and its password shows nowhere: not in {@code /health}, not in the log.
 *
 * <p>While the store is down, what needs it answers 503 {@code unavailable} naming the store, with
 * {@code Retry-After}, and logs no stack trace; readiness says {@code degraded} (200: live streams still flow) with
 * the store {@code down}, within its bound although a connection attempt hangs for seconds; liveness answers as ever.
 */
class PostgresStoreServerIT {

    /** A password that is easy to grep for, with characters that need percent-encoding in the URL. */
    private static final String PASSWORD = "pg-Secret/42+x";

    @RegisterExtension
    static final PrivatePostgres POSTGRES =
            new PrivatePostgres(PostgresServer.builder().password(PASSWORD));

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    @TempDir
    Path dir;

    private Map<String, String> env(String database) {
        Map<String, String> env = ServerFixture.env(dir);
        env.put("ARENA_DB", POSTGRES.server().url(database));
        return env;
    }

    @Test
    void finishedRuns_areArchivedToPostgres_andServedFromIt_afterTheBrokerForgetsThem() throws Exception {
        POSTGRES.server().createDatabase("served");
        RunId run;
        List<Envelope> original;
        try (InProcessEventBroker broker = new InProcessEventBroker();
                ServerFixture fx = ServerFixture.start(broker, dir, env("served"), b -> {})) {
            run = Runs.finished(broker, 30);
            original = broker.read(run, 1, 100);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> fx.get("/runs/" + run).json().path("persisted").asBoolean());
            assertThat(fx.server.archiveNow())
                    .as("archived once: a second pass writes nothing")
                    .isZero();
            broker.drop(run);

            assertServedFromTheStore(fx, run, original);
        }
        // a new server process over the same database: what the first archived is still there
        try (InProcessEventBroker fresh = new InProcessEventBroker();
                ServerFixture fx = ServerFixture.start(fresh, dir, env("served"), b -> {})) {
            assertThat(fresh.run(run)).isEmpty();
            assertServedFromTheStore(fx, run, original);
        }
        assertThat(rows("served", "SELECT count(*) FROM runs WHERE run_id = ?", run))
                .isEqualTo(1);
        assertThat(rows("served", "SELECT count(*) FROM events WHERE run_id = ?", run))
                .isEqualTo(32);
        assertThat(logs.shown())
                .doesNotContain(PASSWORD)
                .doesNotContain("pg-Secret%2F42")
                .contains("PostgreSQL store open at postgresql://arena:***@127.0.0.1:"
                        + POSTGRES.server().port() + "/served");
    }

    @Test
    void sslPasswordAndOtherSecretParameters_showNowhere_notInHealthNorTheLog() throws Exception {
        POSTGRES.server().createDatabase("params");
        Map<String, String> env = env("params");
        env.put("ARENA_DB", env.get("ARENA_DB") + "?sslmode=disable&sslpassword=Ssl-Pass-Phrase-77");
        try (InProcessEventBroker broker = new InProcessEventBroker();
                ServerFixture fx = ServerFixture.start(broker, dir, env, b -> {})) {
            ServerFixture.Answer health = fx.get("/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().path("store").path("location").asText())
                    .endsWith("?sslmode=disable&sslpassword=***");
            assertThat(health.body()).doesNotContain("Ssl-Pass-Phrase-77");
        }
        assertThat(logs.shown()).doesNotContain("Ssl-Pass-Phrase-77").doesNotContain(PASSWORD);
    }

    private static void assertServedFromTheStore(ServerFixture fx, RunId run, List<Envelope> original)
            throws Exception {
        JsonNode listed = fx.get("/runs").json().get(0);
        assertThat(listed.path("run_id").asText()).isEqualTo(run.value());
        assertThat(listed.path("source").asText()).isEqualTo("archive");
        assertThat(listed.path("status").asText()).isEqualTo("complete");
        JsonNode one = fx.get("/runs/" + run).json();
        assertThat(one.path("last_seq").asLong()).isEqualTo(32);
        assertThat(one.path("source").asText()).isEqualTo("archive");

        SseRecorder.assertReplaysThenEnds(fx, run, original);
    }

    @Test
    void health_showsTheStoreKindAndMaskedUrl_degradesWhilePostgresIsDown_andRecovers() throws Exception {
        POSTGRES.server().createDatabase("health");
        PostgresServer pg = POSTGRES.server();
        try (InProcessEventBroker broker = new InProcessEventBroker();
                ServerFixture fx = ServerFixture.start(broker, dir, env("health"), b -> {})) {
            ServerFixture.Answer ok = fx.get("/health");
            assertThat(ok.status()).isEqualTo(200);
            JsonNode store = ok.json().path("store");
            assertThat(store.path("kind").asText()).isEqualTo("postgresql");
            assertThat(store.path("location").asText())
                    .isEqualTo("postgresql://arena:***@127.0.0.1:" + pg.port() + "/health");
            assertThat(store.path("ok").asBoolean()).isTrue();
            assertThat(ok.json().has("duckdb"))
                    .as("no DuckDB section on PostgreSQL")
                    .isFalse();
            assertThat(ok.body()).doesNotContain(PASSWORD).doesNotContain("pg-Secret");

            pg.stop();
            try {
                // the store's check is cached for up to 2 s: the next one after that sees it down
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    ServerFixture.Answer down = fx.get("/health");
                    assertThat(down.status()).isEqualTo(503);
                    assertThat(down.json().path("status").asText()).isEqualTo("degraded");
                    assertThat(down.json().path("store").path("ok").asBoolean()).isFalse();
                    assertThat(down.body()).doesNotContain("pg-Secret");
                });
            } finally {
                pg.start();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> fx.get("/health").status() == 200);
        }
        // (the check that saw the outage may still be waiting out the pool's timeout: its log line is not awaited)
        assertThat(logs.shown()).doesNotContain("pg-Secret").doesNotContain("pg-Secret%2F42");
    }

    private static long rows(String database, String sql, RunId run) throws Exception {
        PostgresServer pg = POSTGRES.server();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(database), pg.user(), pg.password());
                PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, run.value());
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void runsWhileTheStoreIsDown_are503NamingTheStore_withRetryAfter_andNoStackTrace() throws Exception {
        POSTGRES.server().createDatabase("runs503");
        PostgresServer pg = POSTGRES.server();
        try (ServerFixture fx =
                ServerFixture.builder(dir).postgres(pg.url("runs503")).start()) {
            RunId run = fx.finishedRun(5);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> fx.get("/runs/" + run).json().path("persisted").asBoolean());
            assertThat(fx.get("/runs").status()).isEqualTo(200);

            pg.stop();
            try {
                ServerFixture.Answer runs = fx.get("/runs");
                assertThat(runs.status()).as(runs.body()).isEqualTo(503);
                assertThat(runs.json().path("error").asText()).isEqualTo("unavailable");
                assertThat(runs.json().path("detail").asText())
                        .startsWith("the store: cannot list runs in postgresql://arena:***@127.0.0.1:" + pg.port());
                assertThat(runs.headers().get("Retry-After")).isEqualTo("5");
                assertThat(runs.body()).doesNotContain(PASSWORD);
            } finally {
                pg.start();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> fx.get("/runs").status() == 200);
        }
        assertThat(logs.withStackTraces())
                .as("Arena logs the outage without a stack trace: " + logs.shown())
                .noneMatch(e -> e.getLoggerName().startsWith("dev.arena"));
        assertThat(logs.shown()).doesNotContain(PASSWORD).contains("backend failure on GET /runs: the store:");
    }

    @Test
    void readinessWhileTheStoreIsDown_isDegradedWithinItsBound_andLivenessStillAnswers() throws Exception {
        POSTGRES.server().createDatabase("ready");
        PostgresServer pg = POSTGRES.server();
        try (ServerFixture fx =
                ServerFixture.builder(dir).postgres(pg.url("ready")).start()) {
            ServerFixture.Answer ready = fx.get("/health/ready");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json().path("status").asText()).isEqualTo("ready");
            assertThat(ready.json()
                            .path("dependencies")
                            .path("store")
                            .path("status")
                            .asText())
                    .isEqualTo("ok");
            assertThat(ready.json()
                            .path("dependencies")
                            .path("registry")
                            .path("status")
                            .asText())
                    .isEqualTo("not_used");

            pg.stop();
            try {
                Ticker ticker = Ticker.system();
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    long started = ticker.nanos();
                    ServerFixture.Answer degraded = fx.get("/health/ready");
                    Duration took = ticker.since(started);
                    assertThat(degraded.status()).as(degraded.body()).isEqualTo(200);
                    assertThat(degraded.json().path("status").asText()).isEqualTo("degraded");
                    assertThat(degraded.json()
                                    .path("dependencies")
                                    .path("store")
                                    .path("status")
                                    .asText())
                            .isEqualTo("down");
                    assertThat(degraded.json()
                                    .path("dependencies")
                                    .path("broker")
                                    .path("status")
                                    .asText())
                            .isEqualTo("ok");
                    assertThat(degraded.body()).doesNotContain(PASSWORD);
                    // the pool waits 5 s for a connection; readiness waits for its check at most 0.8 s
                    assertThat(took).as("readiness answered in " + took).isLessThan(Duration.ofSeconds(3));
                });
                ServerFixture.Answer live = fx.get("/health/live");
                assertThat(live.status()).isEqualTo(200);
                assertThat(live.json().path("status").asText()).isEqualTo("live");
                // degraded, not dead: a live run still streams
                RunId open = Runs.open(fx.broker, 3);
                ServerFixture.Answer stream = fx.call(new Request.Builder()
                        .url(fx.url("/events?run_id=" + open))
                        .head()
                        .build());
                assertThat(stream.status()).isEqualTo(200);
                assertThat(stream.headers().get("Content-Type")).startsWith("text/event-stream");
            } finally {
                pg.start();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> fx.get("/health/ready")
                    .json()
                    .path("status")
                    .asText()
                    .equals("ready"));
        }
    }
}
