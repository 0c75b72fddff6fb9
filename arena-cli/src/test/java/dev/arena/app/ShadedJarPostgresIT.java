package dev.arena.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.testkit.ChildProcess;
import dev.arena.testkit.PostgresServer;
import dev.arena.testkit.PrivatePostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar arena.jar server} with {@code ARENA_DB=postgresql://…} works from the
 * shaded jar — the PostgreSQL driver, HikariCP and Flyway's database support (found through
 * {@code META-INF/services}, merged by the shade plugin) are there, and Flyway finds
 * {@code db/migration/postgresql/V1__runs_and_events.sql} inside the jar — and prints the password nowhere.
 */
class ShadedJarPostgresIT {

    private static final String PASSWORD = "jar-Secret/7+q";

    @RegisterExtension
    static final PrivatePostgres POSTGRES =
            new PrivatePostgres(PostgresServer.builder().password(PASSWORD));

    @TempDir
    Path dir;

    @Test
    void shadedJarServer_migratesPostgres_reportsItInHealth_andNeverPrintsThePassword() throws Exception {
        PostgresServer pg = POSTGRES.server();
        String log;
        try (ChildProcess server = ChildProcess.jar(ShadedJar.path(), "server", "--port", "0")
                .withoutInherited("ARENA_", "REDIS_")
                .env("ARENA_DB", pg.url())
                .env("ARENA_LOG_LEVEL", "INFO") // Flyway and HikariCP log their connection details too
                .env("ARENA_AUDIT_LOG", dir.resolve("audit.jsonl").toString())
                .mergeStderr()
                .start()) {
            String url = server.awaitLine(Pattern.compile("listening on (http://\\S+)"), Duration.ofSeconds(60));
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(
                    HttpRequest.newBuilder(URI.create(url + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(health.body())
                    .contains("\"store\":{\"kind\":\"postgresql\",\"location\":\"postgresql://arena:***@127.0.0.1:"
                            + pg.port() + "/arena\",\"ok\":true}")
                    .doesNotContain("jar-Secret");
            HttpResponse<String> runs = http.send(
                    HttpRequest.newBuilder(URI.create(url + "/runs")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(runs.statusCode()).isEqualTo(200);
            assertThat(runs.body()).isEqualTo("[]");
            server.terminate(Duration.ofSeconds(60)); // SIGTERM: the bounded shutdown closes the pool
            log = server.stdout();
        }
        assertThat(log)
                .contains("PostgreSQL store open at postgresql://arena:***@127.0.0.1:" + pg.port() + "/arena")
                .contains("store postgresql postgresql://arena:***@")
                .doesNotContain("jar-Secret")
                .doesNotContain("jar-Secret%2F7");
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT version, script FROM flyway_schema_history WHERE success ORDER BY installed_rank")) {
            List<String> applied = new ArrayList<>();
            while (rs.next()) {
                applied.add(rs.getString(1) + " " + rs.getString(2));
            }
            assertThat(applied).containsExactly("1 V1__runs_and_events.sql");
        }
    }
}
