package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.config.BrokerSettings;
import dev.arena.fixture.ServerFixture;
import dev.arena.fixture.TestBackend;
import dev.arena.testkit.PostgresServer;
import dev.arena.testkit.PrivatePostgres;
import dev.arena.testkit.PrivateRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archive-once on the shared store: two servers over one Redis and one PostgreSQL both see
 * every run end and both archive it; each run is in PostgreSQL once, with each event once,
 * whatever the interleaving — counted with SQL in PostgreSQL itself.
 */
class TwoServersArchiveEachEndedRunOnceIT {

    @RegisterExtension
    static final PrivateRedis REDIS = new PrivateRedis();

    @RegisterExtension
    static final PrivatePostgres POSTGRES =
            new PrivatePostgres(PostgresServer.builder().password("shared-pg-pw"));

    @TempDir
    Path dir;

    @Test
    void twoServersArchivingTheSameEndedRuns_leaveEachRunAndEventOnceInPostgres() throws Exception {
        POSTGRES.server().createDatabase("shared");
        int runs = 20;
        try (EventBroker producer = TestBackend.REDIS.create(BrokerSettings.DEFAULTS, REDIS::server);
                EventBroker brokerA = TestBackend.REDIS.create(BrokerSettings.DEFAULTS, REDIS::server);
                EventBroker brokerB = TestBackend.REDIS.create(BrokerSettings.DEFAULTS, REDIS::server);
                ServerFixture a =
                        ServerFixture.start(brokerA, Files.createDirectories(dir.resolve("a")), env("a"), b -> {});
                ServerFixture b =
                        ServerFixture.start(brokerB, Files.createDirectories(dir.resolve("b")), env("b"), x -> {})) {
            List<RunId> ended = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                ended.add(Runs.finished(producer, 30));
            }
            // Both archivers race on the same ended runs, several passes each at once.
            for (int round = 0; round < 3; round++) {
                CompletableFuture<Integer> fromA = CompletableFuture.supplyAsync(a.server::archiveNow);
                CompletableFuture<Integer> fromB = CompletableFuture.supplyAsync(b.server::archiveNow);
                fromA.join();
                fromB.join();
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                for (RunId run : ended) {
                    assertThat(a.get("/runs/" + run).json().path("persisted").asBoolean())
                            .as("persisted " + run)
                            .isTrue();
                }
            });
            assertThat(count("SELECT count(*) FROM runs")).as("runs rows").isEqualTo(runs);
            assertThat(count("SELECT count(*) FROM events"))
                    .as("events rows: 32 per run")
                    .isEqualTo(runs * 32L);
            assertThat(
                            count(
                                    "SELECT count(*) FROM (SELECT run_id, seq FROM events GROUP BY run_id, seq HAVING count(*) > 1) d"))
                    .as("duplicate events")
                    .isZero();
            assertThat(a.server.archiveNow() + b.server.archiveNow())
                    .as("a later pass writes nothing")
                    .isZero();
            System.out.printf(
                    "SHARED STORE two servers archived %d ended runs: %d runs rows, %d events rows, 0 duplicates%n",
                    runs, count("SELECT count(*) FROM runs"), count("SELECT count(*) FROM events"));
        }
    }

    private Map<String, String> env(String server) {
        Map<String, String> env = ServerFixture.env(dir.resolve(server));
        env.put("ARENA_DB", POSTGRES.server().url("shared"));
        env.put("ARENA_BROKER_BACKEND", "redis");
        env.put("REDIS_URL", REDIS.server().url());
        return env;
    }

    private static long count(String sql) throws Exception {
        PostgresServer pg = POSTGRES.server();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("shared"), pg.user(), pg.password());
                Statement q = c.createStatement();
                ResultSet rs = q.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
