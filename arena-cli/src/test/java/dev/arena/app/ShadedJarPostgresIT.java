package dev.arena.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.arena.testkit.PostgresServer;
import dev.arena.testkit.PrivatePostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
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
    static final PrivatePostgres POSTGRES = new PrivatePostgres(PostgresServer.builder().password(PASSWORD));

    @TempDir
    Path dir;

    @Test
    void shadedJarServer_migratesPostgres_reportsItInHealth_andNeverPrintsThePassword() throws Exception {
        PostgresServer pg = POSTGRES.server();
        Path out = dir.resolve("server.log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", shadedJar().toString(), "server", "--port", "0")
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ARENA_") || k.startsWith("REDIS_"));
        pb.environment().put("ARENA_DB", pg.url());
        pb.environment().put("ARENA_LOG_LEVEL", "INFO"); // Flyway and HikariCP log their connection details too
        pb.environment().put("ARENA_AUDIT_LOG", dir.resolve("audit.jsonl").toString());
        Process server = pb.start();
        try {
            String url = Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                assertThat(server.isAlive()).as(Files.readString(out)).isTrue();
                Matcher m = Pattern.compile("listening on (http://\\S+)").matcher(Files.readString(out));
                return m.find() ? m.group(1) : null;
            }, Objects::nonNull);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(url + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(health.body()).contains("\"store\":{\"kind\":\"postgresql\",\"location\":\"postgresql://arena:***@127.0.0.1:"
                    + pg.port() + "/arena\",\"ok\":true}").doesNotContain("jar-Secret");
            HttpResponse<String> runs = http.send(HttpRequest.newBuilder(URI.create(url + "/runs")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(runs.statusCode()).isEqualTo(200);
            assertThat(runs.body()).isEqualTo("[]");
        } finally {
            server.destroy(); // SIGTERM: the bounded shutdown closes the pool
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly();
                fail("the server did not stop within 60 s:\n" + Files.readString(out));
            }
        }
        String log = Files.readString(out);
        assertThat(log).contains("PostgreSQL store open at postgresql://arena:***@127.0.0.1:" + pg.port() + "/arena")
                .contains("store postgresql postgresql://arena:***@")
                .doesNotContain("jar-Secret").doesNotContain("jar-Secret%2F7");
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, script FROM flyway_schema_history WHERE success ORDER BY installed_rank")) {
            List<String> applied = new java.util.ArrayList<>();
            while (rs.next()) {
                applied.add(rs.getString(1) + " " + rs.getString(2));
            }
            assertThat(applied).containsExactly("1 V1__runs_and_events.sql");
        }
    }

    private static Path shadedJar() throws Exception {
        Path testClasses = Path.of(ShadedJarPostgresIT.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = testClasses.getParent().resolve("arena.jar");
        if (!Files.isRegularFile(jar)) {
            fail("the shaded jar " + jar + " is missing: build it with ./mvnw package (this test runs in verify, after package)");
        }
        return jar;
    }
}
