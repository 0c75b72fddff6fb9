package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine here: the compose file is parsed (Jackson YAML) and its wiring asserted —
 * requirepass and healthcheck on one variable, AOF, named volumes, the server waiting for a
 * healthy Redis and published on loopback only; env.example names every variable compose uses.
 */
class ComposeFileTest {

    static Path root;
    static JsonNode compose;

    @BeforeAll
    static void parse() throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("docker-compose.yml in a parent of the working directory").isNotNull();
        root = dir;
        compose = new ObjectMapper(new YAMLFactory()).readTree(root.resolve("docker-compose.yml").toFile());
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void redis_requirepassAndHealthcheck_useTheSameVariable_withAof() {
        JsonNode redis = compose.path("services").path("redis");
        List<String> command = strings(redis.path("command"));
        int i = command.indexOf("--requirepass");
        assertThat(i).isGreaterThanOrEqualTo(0);
        assertThat(command.get(i + 1)).startsWith("${REDIS_PASSWORD");
        assertThat(command.get(command.indexOf("--appendonly") + 1)).isEqualTo("yes");

        assertThat(redis.path("environment").path("REDIS_PASSWORD").asText()).startsWith("${REDIS_PASSWORD");
        String test = String.join(" ", strings(redis.path("healthcheck").path("test")));
        assertThat(test).contains("redis-cli -a \"$$REDIS_PASSWORD\"").contains("ping");
        assertThat(redis.path("healthcheck").path("interval").asText()).isEqualTo("5s");
        assertThat(redis.path("healthcheck").path("retries").asInt()).isEqualTo(10);
    }

    @Test
    void volumes_areNamedAndDeclared() {
        JsonNode declared = compose.path("volumes");
        assertThat(strings(compose.path("services").path("redis").path("volumes"))).containsExactly("redis-data:/data");
        assertThat(strings(compose.path("services").path("arena").path("volumes"))).containsExactly("arena-data:/app/data");
        assertThat(declared.has("redis-data")).isTrue();
        assertThat(declared.has("arena-data")).isTrue();
    }

    @Test
    void arena_builtFromDockerfile_waitsForHealthyRedis_publishedOnLoopbackOnly() {
        JsonNode arena = compose.path("services").path("arena");
        assertThat(arena.path("build").path("dockerfile").asText()).isEqualTo("Dockerfile");
        assertThat(Files.exists(root.resolve("Dockerfile"))).isTrue();
        assertThat(arena.path("depends_on").path("redis").path("condition").asText()).isEqualTo("service_healthy");
        assertThat(strings(arena.path("ports"))).singleElement().satisfies(p -> assertThat(p).startsWith("127.0.0.1:"));
        JsonNode env = arena.path("environment");
        assertThat(env.path("ARENA_BROKER_BACKEND").asText()).isEqualTo("redis");
        assertThat(env.path("REDIS_URL").asText()).startsWith("redis://:${REDIS_PASSWORD").contains("@redis:6379");
        assertThat(env.path("ARENA_HTTP_HOST").asText()).isEqualTo("0.0.0.0");
    }

    @Test
    void envExample_definesEveryVariableComposeInterpolates() throws Exception {
        Properties example = new Properties();
        try (var in = Files.newBufferedReader(root.resolve("env.example"))) {
            example.load(in);
        }
        String text = Files.readString(root.resolve("docker-compose.yml"));
        var matcher = java.util.regex.Pattern.compile("\\$\\{([A-Z_]+)").matcher(text);
        while (matcher.find()) {
            assertThat(example).as("env.example defines " + matcher.group(1)).containsKey(matcher.group(1));
        }
        assertThat(Files.readString(root.resolve("Dockerfile"))).contains("\"server\"").contains("STOPSIGNAL SIGTERM");
    }
}
