package dev.arena.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
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

    private Process start(Path stdout, Path stderr, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ArenaMain.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ARENA_") || k.startsWith("REDIS_"));
        pb.environment().put("ARENA_AUDIT_LOG", dir.resolve("audit.jsonl").toString());
        pb.environment().put("ARENA_DB", dir.resolve("arena.duckdb").toString());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Starts a server, makes one authenticated request, stops it with SIGTERM; returns its stderr lines. */
    private List<String> serverLog(Map<String, String> env) throws Exception {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process server = start(out, err, env, "server", "--port", "0");
        try {
            String url = Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                Matcher m = Pattern.compile("listening on (http://\\S+)").matcher(Files.readString(out));
                return m.find() ? m.group(1) : null;
            }, Objects::nonNull);
            HttpResponse<String> runs = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/runs?limit=3"))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(runs.statusCode()).isEqualTo(200);
            server.destroy(); // SIGTERM: the shutdown logs at INFO
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        } finally {
            server.destroyForcibly();
        }
        return Files.readAllLines(err).stream().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void textFormat_everyLogLineStartsWithDateAndTime() throws Exception {
        List<String> lines = serverLog(Map.of("ARENA_LOG_LEVEL", "INFO", "ARENA_ADMIN_TOKEN", TOKEN));

        assertThat(lines).isNotEmpty().anySatisfy(l -> assertThat(l).contains("arena server stopped"));
        assertThat(lines).allSatisfy(l ->
                assertThat(l).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) .*"));
    }

    @Test
    void jsonFormat_oneJsonObjectPerLine_accessLogIncluded_withoutTheToken() throws Exception {
        List<String> lines = serverLog(Map.of("ARENA_LOG_FORMAT", "json", "ARENA_LOG_LEVEL", "INFO",
                "ARENA_ACCESS_LOG", "-", "ARENA_ADMIN_TOKEN", TOKEN));

        List<JsonNode> objects = lines.stream().map(Json::parse).toList();
        assertThat(objects).isNotEmpty().allSatisfy(o -> {
            assertThat(o.isObject()).isTrue();
            assertThat(o.path("timestamp").asLong()).isPositive();
            assertThat(o.path("level").asText()).isNotBlank();
            assertThat(o.path("loggerName").asText()).isNotBlank();
        });
        assertThat(objects).anySatisfy(o -> assertThat(o.path("formattedMessage").asText()).contains("arena server listening"));
        assertThat(objects).anySatisfy(o -> {
            assertThat(o.path("loggerName").asText()).isEqualTo("dev.arena.access");
            assertThat(o.path("formattedMessage").asText()).contains("\"GET /runs HTTP/1.1\" 200");
        });
        assertThat(String.join("\n", lines)).doesNotContain(TOKEN).doesNotContain("limit=3");
    }

    @Test
    void unknownLogFormat_isAConfigurationError_exit3_namingTheVariable() throws Exception {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = start(out, err, Map.of("ARENA_LOG_FORMAT", "yaml"), "--version");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).isEqualTo(3);
        assertThat(Files.readString(err)).contains("ARENA_LOG_FORMAT='yaml'").contains("'json'");
        assertThat(Files.readString(out)).as("nothing ran").isEmpty();
    }
}
