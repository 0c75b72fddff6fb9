package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.Envelope;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import dev.arena.config.BrokerSettings;
import dev.arena.fixture.CapturedLogs;
import dev.arena.fixture.ServerFixture;
import dev.arena.fixture.ServerJvm;
import dev.arena.fixture.TestBackend;
import dev.arena.fixture.TestServers;
import dev.arena.json.Json;
import dev.arena.store.RunStore;
import dev.arena.testkit.PostgresServer;
import dev.arena.testkit.PrivatePostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Live runs are archived as they go (docs/design.md, "Tiered history"): a run longer than
 * {@code ARENA_STREAM_MAXLEN} ends with every event in the store; with several servers over one Redis
 * and one PostgreSQL exactly one archives a run, a killed archiver's run is taken over with nothing
 * missing or written twice, a store outage shows as lag and is caught up, and events trimmed before
 * they were archived are counted and logged. Real Redis, PostgreSQL, DuckDB and servers.
 */
class LiveRunArchivingIT {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    @RegisterExtension
    static final PrivatePostgres POSTGRES = new PrivatePostgres(PostgresServer.builder());

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    private static final AtomicInteger DATABASES = new AtomicInteger();

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void aLiveRunLongerThanTheStreamMaxlen_endsWithEveryEventInTheStore(TestBackend backend) throws Exception {
        EventBroker producer = servers.broker(backend, BrokerSettings.DEFAULTS.withStreamMaxLen(100));
        ServerFixture server = servers.start(producer, b -> {});
        RunId run = Runs.open(producer, 0);
        for (int chunk = 0; chunk < 20; chunk++) {
            Runs.publish(producer, run, 60);
            long last = 1 + 60L * (chunk + 1);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> detail(server, run).path("archived_through").asLong() == last);
        }
        assertThat(detail(server, run).path("head_seq").asLong())
                .as("the broker trimmed the head long ago")
                .isGreaterThan(1000);
        close(producer, run);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> detail(server, run).path("persisted").asBoolean());
        JsonNode metrics = server.get("/metrics").json();
        assertThat(metrics.path("events_archived").asLong()).isEqualTo(1202);
        assertThat(metrics.path("events_trimmed_unarchived").asLong()).isZero();
        assertThat(metrics.path("archive_lag_events").asLong()).isZero();
        server.close();

        try (RunStore store = RunStore.open(server.dir.resolve("arena.duckdb"))) {
            assertThat(store.events(run, 1, 5000))
                    .extracting(Envelope::seq)
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, 1202).boxed().toList());
        }
    }

    @Test
    void twoServersOverOneRedisAndPostgres_archiveEachEventOfALiveRunOnce() throws Exception {
        String db = database();
        EventBroker producer = servers.broker(TestBackend.REDIS, BrokerSettings.DEFAULTS.withStreamMaxLen(200));
        ServerFixture a = server("a", db);
        ServerFixture b = server("b", db);
        RunId run = Runs.open(producer, 0);
        for (int chunk = 0; chunk < 10; chunk++) {
            Runs.publish(producer, run, 100);
            long last = 1 + 100L * (chunk + 1);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> detail(b, run).path("archived_through").asLong() == last);
        }
        close(producer, run);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> detail(a, run).path("persisted").asBoolean()
                        && detail(b, run).path("persisted").asBoolean());

        long byA = a.get("/metrics").json().path("events_archived").asLong();
        long byB = b.get("/metrics").json().path("events_archived").asLong();
        assertThat(byA + byB).as("events written, by a %d and b %d", byA, byB).isEqualTo(1002);
        assertThat(count(db, "SELECT count(*) FROM events")).isEqualTo(1002);
        assertThat(count(db, "SELECT count(DISTINCT seq) FROM events WHERE seq BETWEEN 1 AND 1002"))
                .isEqualTo(1002);
    }

    @Test
    void theArchivingServerKilledMidRun_anotherTakesOver_withNothingMissingOrWrittenTwice() throws Exception {
        String db = database();
        EventBroker producer = servers.broker(TestBackend.REDIS, BrokerSettings.DEFAULTS);
        RunId run = Runs.open(producer, 300);
        OkHttpClient http = new OkHttpClient();
        long byKilled;
        try (ServerJvm killed = servers.closedAfter(ServerJvm.start(env("killed", db), false))) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> get(http, killed.url() + "/runs/" + run)
                                    .path("archived_through")
                                    .asLong()
                            == 301);
            byKilled =
                    get(http, killed.url() + "/metrics").path("events_archived").asLong();
            ServerFixture survivor = server("survivor", db);
            assertThat(survivor.get("/metrics").json().path("events_archived").asLong())
                    .as("the run is claimed by the other server")
                    .isZero();

            killed.kill();
            Runs.publish(producer, run, 400);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> detail(survivor, run).path("archived_through").asLong() == 701);
            close(producer, run);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> detail(survivor, run).path("persisted").asBoolean());
            long bySurvivor =
                    survivor.get("/metrics").json().path("events_archived").asLong();

            assertThat(byKilled).isEqualTo(301);
            assertThat(bySurvivor).as("written by the survivor").isEqualTo(702 - 301);
        }
        assertThat(count(db, "SELECT count(*) FROM events")).isEqualTo(702);
        assertThat(count(db, "SELECT count(DISTINCT seq) FROM events WHERE seq BETWEEN 1 AND 702"))
                .isEqualTo(702);
    }

    @Test
    void aStoreOutageDuringALiveRun_showsAsLag_andArchivingResumesWithNothingLost() throws Exception {
        String db = database();
        EventBroker producer = servers.broker(TestBackend.REDIS, BrokerSettings.DEFAULTS);
        ServerFixture server = server("outage", db);
        RunId run = Runs.open(producer, 50);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> detail(server, run).path("archived_through").asLong() == 51);

        POSTGRES.server().stop();
        try {
            Runs.publish(producer, run, 150);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode m = server.get("/metrics").json();
                assertThat(m.path("archive_lag_events").asLong()).isEqualTo(150);
                assertThat(m.path("archive_lag_seconds").asDouble()).isGreaterThan(0.5);
                assertThat(server.get("/metrics/prometheus").body()).contains("arena_archive_lag_events 150");
            });
        } finally {
            POSTGRES.server().start();
        }
        close(producer, run);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> detail(server, run).path("persisted").asBoolean());
        JsonNode m = server.get("/metrics").json();
        assertThat(m.path("archive_lag_events").asLong()).isZero();
        assertThat(m.path("events_trimmed_unarchived").asLong()).isZero();
        assertThat(count(db, "SELECT count(DISTINCT seq) FROM events WHERE seq BETWEEN 1 AND 202"))
                .isEqualTo(202);
    }

    @Test
    void eventsTrimmedBeforeTheyWereArchived_areCountedAndLogged() throws Exception {
        EventBroker producer = servers.broker(TestBackend.REDIS, BrokerSettings.DEFAULTS.withStreamMaxLen(10));
        ServerFixture server = servers.start(
                servers.broker(TestBackend.REDIS, BrokerSettings.DEFAULTS),
                b -> b.archiveInterval(Duration.ofHours(1)));
        RunId run = Runs.open(producer, 500);
        long head = detail(server, run).path("head_seq").asLong();
        assertThat(head).isGreaterThan(100);

        server.server.archiveNow();

        JsonNode m = server.get("/metrics").json();
        assertThat(m.path("events_trimmed_unarchived").asLong()).isEqualTo(head - 1);
        assertThat(logs.warnings()).extracting(e -> e.getFormattedMessage()).anySatisfy(line -> assertThat(line)
                .contains("run " + run + ": events 1.." + (head - 1)
                        + " were trimmed from the broker before they were archived"));
        assertThat(detail(server, run).path("archived_through").asLong()).isEqualTo(501);
    }

    private ServerFixture server(String name, String db) throws Exception {
        return servers.start(ServerFixture.builder(servers.dir().resolve(name))
                .broker(servers.broker(TestBackend.REDIS, BrokerSettings.DEFAULTS))
                .env(env(name, db)));
    }

    private Map<String, String> env(String name, String db) {
        Map<String, String> env =
                RegistryEnv.of(servers.dir(), name, servers.redis().url());
        env.put("ARENA_DB", POSTGRES.server().url(db));
        // claims lapse 5 s after the last renewal: room for a pass on a busy machine, a quick handover
        env.put("ARENA_REGISTRY_TTL", "5s");
        env.put("ARENA_AUDIT_LOG", servers.dir().resolve(name + "-audit.jsonl").toString());
        return env;
    }

    private static String database() {
        String db = "live" + DATABASES.incrementAndGet();
        POSTGRES.server().createDatabase(db);
        return db;
    }

    private static void close(EventBroker producer, RunId run) {
        producer.closeRun(run, RunOutcome.COMPLETE, Map.of())
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
        producer.flush(Duration.ofSeconds(10));
    }

    private static JsonNode detail(ServerFixture server, RunId run) throws Exception {
        return server.get("/runs/" + run).json();
    }

    private static JsonNode get(OkHttpClient http, String url) throws Exception {
        try (Response r = http.newCall(new Request.Builder().url(url).build()).execute()) {
            return Json.mapper().readTree(r.body().string());
        }
    }

    private static long count(String db, String sql) throws Exception {
        PostgresServer pg = POSTGRES.server();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(db), pg.user(), pg.password());
                Statement q = c.createStatement();
                ResultSet rs = q.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
