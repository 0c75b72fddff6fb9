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
