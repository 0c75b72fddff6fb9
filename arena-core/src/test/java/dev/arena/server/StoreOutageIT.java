package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arena.broker.RunId;
import dev.arena.fixture.CapturedLogs;
import dev.arena.fixture.ServerFixture;
import dev.arena.testkit.PostgresServer;
import dev.arena.testkit.PrivatePostgres;
import dev.arena.time.Ticker;
import java.nio.file.Path;
import java.time.Duration;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * While the store (PostgreSQL) is down, what needs it answers 503 {@code unavailable} naming the store, with
 * {@code Retry-After}, and logs no stack trace; readiness says {@code degraded} (200: live streams still flow) with
 * the store {@code down}, within its bound although a connection attempt hangs for seconds; liveness answers as ever.
 */
class StoreOutageIT {

    private static final String PASSWORD = "pg-Outage-Secret-9";

    @RegisterExtension
    static final PrivatePostgres POSTGRES =
            new PrivatePostgres(PostgresServer.builder().password(PASSWORD));

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    @TempDir
    Path dir;

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
