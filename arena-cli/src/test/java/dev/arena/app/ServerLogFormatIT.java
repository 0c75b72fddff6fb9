package dev.arena.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.json.Json;
import dev.arena.testkit.ChildProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logs operators expect (docs/decisions.md), on {@code arena server} in its own JVM: every log line is
 * dated; {@code ARENA_LOG_FORMAT=json} gives one parseable JSON object per line (the access log
 * included, without the bearer token); an unknown format is a configuration error, exit 3.
 */
class ServerLogFormatIT {

    private static final String TOKEN = "logs-it-admin-token-77c2";

    @TempDir
    Path dir;

    /** {@code arena} in a second JVM with the production log configuration (not the test jar's logback-test.xml). */
    private ChildProcess start(Map<String, String> env, String... args) {
        return ChildProcess.java(ArenaMain.class.getName(), args)
                .jvmOption("-Dlogback.configurationFile=logback.xml")
                .withoutInherited("ARENA_", "REDIS_")
                .env("ARENA_AUDIT_LOG", dir.resolve("audit.jsonl").toString())
                .env("ARENA_DB", dir.resolve("arena.duckdb").toString())
                .env(env)
                .start();
    }

    /** Starts a server, makes one authenticated request, stops it with SIGTERM; returns its stderr lines. */
    private List<String> serverLog(Map<String, String> env) throws Exception {
        try (ChildProcess server = start(env, "server", "--port", "0")) {
            String url = server.awaitLine(Pattern.compile("listening on (http://\\S+)"), Duration.ofSeconds(60));
            HttpResponse<String> runs = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url + "/runs?limit=3"))
                                    .header("Authorization", "Bearer " + TOKEN)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(runs.statusCode()).isEqualTo(200);
            server.terminate(Duration.ofSeconds(60)); // SIGTERM: the shutdown logs at INFO
            return server.stderr().lines().filter(l -> !l.isBlank()).toList();
        }
    }

    @Test
    void textFormat_everyLogLineStartsWithDateAndTime() throws Exception {
        List<String> lines = serverLog(Map.of("ARENA_LOG_LEVEL", "INFO", "ARENA_ADMIN_TOKEN", TOKEN));

        assertThat(lines).isNotEmpty().anySatisfy(l -> assertThat(l).contains("arena server stopped"));
        assertThat(lines).allSatisfy(l -> assertThat(l)
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) .*"));
    }

    @Test
    void jsonFormat_oneJsonObjectPerLine_accessLogIncluded_withoutTheToken() throws Exception {
        List<String> lines = serverLog(Map.of(
                "ARENA_LOG_FORMAT",
                "json",
                "ARENA_LOG_LEVEL",
                "INFO",
                "ARENA_ACCESS_LOG",
                "-",
                "ARENA_ADMIN_TOKEN",
                TOKEN));

        List<JsonNode> objects = lines.stream().map(Json::parse).toList();
        assertThat(objects).isNotEmpty().allSatisfy(o -> {
            assertThat(o.isObject()).isTrue();
            assertThat(o.path("timestamp").asLong()).isPositive();
            assertThat(o.path("level").asText()).isNotBlank();
            assertThat(o.path("loggerName").asText()).isNotBlank();
        });
        assertThat(objects)
                .anySatisfy(o -> assertThat(o.path("formattedMessage").asText()).contains("arena server listening"));
        assertThat(objects).anySatisfy(o -> {
            assertThat(o.path("loggerName").asText()).isEqualTo("dev.arena.access");
            assertThat(o.path("formattedMessage").asText()).contains("\"GET /runs HTTP/1.1\" 200");
        });
        assertThat(String.join("\n", lines)).doesNotContain(TOKEN).doesNotContain("limit=3");
    }

    @Test
    void unknownLogFormat_isAConfigurationError_exit3_namingTheVariable() throws Exception {
        try (ChildProcess p = start(Map.of("ARENA_LOG_FORMAT", "yaml"), "--version")) {
            assertThat(p.awaitExit(Duration.ofSeconds(60))).isEqualTo(3);
            assertThat(p.stderr()).contains("ARENA_LOG_FORMAT='yaml'").contains("'json'");
            assertThat(p.stdout()).as("nothing ran").isEmpty();
        }
    }
}
