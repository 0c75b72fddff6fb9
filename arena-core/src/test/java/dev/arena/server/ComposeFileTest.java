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
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine here: the compose file is parsed (Jackson YAML) and the Dockerfile read, and their
 * wiring asserted — Redis pinned to a patched release, its password from one variable and never on a
 * command line, AOF, named volumes, the server waiting for a healthy Redis and published on loopback
 * only; the image's pinned bases, jar entrypoint with {@code server} as default command, and the
 * dependency layer apart from the sources; env.example names every variable compose uses;
 * the {@code ha} profile adds PostgreSQL and two servers over the one Redis.
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
        assertThat(dir)
                .as("docker-compose.yml in a parent of the working directory")
                .isNotNull();
        root = dir;
        compose = new ObjectMapper(new YAMLFactory())
                .readTree(root.resolve("docker-compose.yml").toFile());
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void redis_passwordFromOneVariable_neverOnACommandLine_healthcheckThroughREDISCLI_AUTH_withAof() {
        JsonNode redis = compose.path("services").path("redis");
        assertThat(redis.path("environment").path("REDISCLI_AUTH").asText()).startsWith("${REDIS_PASSWORD");
        String entrypoint = String.join("\n", strings(redis.path("entrypoint")));
        assertThat(entrypoint)
                .contains("requirepass")
                .contains("$$REDISCLI_AUTH")
                .contains("umask 077")
                .contains("exec docker-entrypoint.sh redis-server /tmp/redis-auth.conf")
                .contains("--appendonly yes")
                .contains("--maxmemory-policy noeviction");
        String test = String.join(" ", strings(redis.path("healthcheck").path("test")));
        assertThat(test).contains("redis-cli ping");
        for (String commandLine : List.of(entrypoint, test, String.join(" ", strings(redis.path("command"))))) {
            assertThat(commandLine)
                    .as("no password on a command line")
                    .doesNotContain("${REDIS_PASSWORD")
                    .doesNotContain("$$REDIS_PASSWORD")
                    .doesNotContain("--requirepass")
                    .doesNotContainPattern("(^|\\s)-a\\s");
        }
        assertThat(redis.path("healthcheck").path("interval").asText()).isEqualTo("5s");
        assertThat(redis.path("healthcheck").path("retries").asInt()).isEqualTo(10);
    }

    @Test
    void redis_isPinnedToAnExactPatchedRelease() {
        String image = compose.path("services").path("redis").path("image").asText();
        var m = Pattern.compile("redis:(\\d+)\\.(\\d+)\\.(\\d+)(-alpine[\\d.]*)?")
                .matcher(image);
        assertThat(m.matches()).as("exact tag, not a floating one: " + image).isTrue();
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        int patch = Integer.parseInt(m.group(3));
        // CVE-2025-49844 (Lua RCE) is fixed from 7.2.11, 7.4.6, 8.0.4 and 8.2.2 on.
        boolean patched = major > 8
                || (major == 8 && (minor > 2 || (minor == 2 && patch >= 2) || (minor == 0 && patch >= 4) || minor == 1))
                || (major == 7 && ((minor == 4 && patch >= 6) || (minor == 2 && patch >= 11)));
        assertThat(patched).as(image + " has the October 2025 Lua fixes").isTrue();
    }

    @Test
    void dockerfile_pinnedImages_jarEntrypoint_serverCmd_exitOnOom_dependenciesCachedApart() throws Exception {
        List<String> lines = Files.readAllLines(root.resolve("Dockerfile"));
        List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(froms).hasSize(2).allSatisfy(f -> assertThat(f)
                .matches("FROM eclipse-temurin:17\\.\\d+\\.\\d+_\\d+-j(dk|re)-[a-z]+( AS build)?"));
        JsonNode entrypoint = new ObjectMapper().readTree(instruction(lines, "ENTRYPOINT"));
        assertThat(strings(entrypoint))
                .startsWith("java")
                .contains("-XX:+ExitOnOutOfMemoryError")
                .endsWith("-jar", "/app/arena.jar");
        assertThat(strings(new ObjectMapper().readTree(instruction(lines, "CMD"))))
                .containsExactly("server");
        assertThat(lines).noneMatch(l -> l.startsWith("COPY . "));
        int offline = indexOf(lines, "dependency:go-offline");
        assertThat(offline).isPositive();
        assertThat(indexOf(lines, "COPY arena-core/pom.xml")).isBetween(0, offline);
        assertThat(indexOf(lines, "COPY arena-core/src")).isGreaterThan(offline);
        assertThat(indexOf(lines, "package -pl arena-cli")).isGreaterThan(indexOf(lines, "COPY arena-cli/src"));
        assertThat(String.join("\n", lines))
                .contains("STOPSIGNAL SIGTERM")
                .contains("GET /health/ready ")
                .contains("USER arena")
                .contains("chmod 700 /app/data");
    }

    @Test
    void arena_diagRunInTheStack_findsTheServerByServiceName() {
        assertThat(compose.path("services")
                        .path("arena")
                        .path("environment")
                        .path("ARENA_SERVER_URL")
                        .asText())
                .isEqualTo("http://arena:8000");
    }

    private static String instruction(List<String> lines, String keyword) {
        return lines.stream()
                .filter(l -> l.startsWith(keyword + " "))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no " + keyword + " in the Dockerfile"))
                .substring(keyword.length() + 1);
    }

    private static int indexOf(List<String> lines, String fragment) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void volumes_areNamedAndDeclared() {
        JsonNode declared = compose.path("volumes");
        assertThat(strings(compose.path("services").path("redis").path("volumes")))
                .containsExactly("redis-data:/data");
        assertThat(strings(compose.path("services").path("arena").path("volumes")))
                .containsExactly("arena-data:/app/data");
        assertThat(declared.has("redis-data")).isTrue();
        assertThat(declared.has("arena-data")).isTrue();
    }

    @Test
    void arena_builtFromDockerfile_waitsForHealthyRedis_publishedOnLoopbackOnly() {
        JsonNode arena = compose.path("services").path("arena");
        assertThat(arena.path("build").path("dockerfile").asText()).isEqualTo("Dockerfile");
        assertThat(Files.exists(root.resolve("Dockerfile"))).isTrue();
        assertThat(arena.path("depends_on").path("redis").path("condition").asText())
                .isEqualTo("service_healthy");
        assertThat(strings(arena.path("ports"))).singleElement().satisfies(p -> assertThat(p)
                .startsWith("127.0.0.1:"));
        JsonNode env = arena.path("environment");
        assertThat(env.path("ARENA_BROKER_BACKEND").asText()).isEqualTo("redis");
        assertThat(env.path("REDIS_URL").asText())
                .startsWith("redis://:${REDIS_PASSWORD")
                .contains("@redis:6379");
        assertThat(env.path("ARENA_HTTP_HOST").asText()).isEqualTo("0.0.0.0");
    }

    @Test
    void haProfile_postgresWithAPasswordFromOneVariable_healthchecked_andNotInTheDefaultStack() {
        JsonNode postgres = compose.path("services").path("postgres");
        assertThat(strings(postgres.path("profiles"))).containsExactly("ha");
        assertThat(postgres.path("image").asText()).matches("postgres:\\d+\\.\\d+(-alpine)?");
        assertThat(postgres.path("environment").path("POSTGRES_USER").asText()).isEqualTo("arena");
        assertThat(postgres.path("environment").path("POSTGRES_DB").asText()).isEqualTo("arena");
        assertThat(postgres.path("environment").path("POSTGRES_PASSWORD").asText())
                .startsWith("${POSTGRES_PASSWORD");
        assertThat(String.join(" ", strings(postgres.path("healthcheck").path("test"))))
                .contains("pg_isready -U arena -d arena");
        assertThat(strings(postgres.path("volumes"))).containsExactly("postgres-data:/var/lib/postgresql/data");
        assertThat(compose.path("volumes").has("postgres-data")).isTrue();
        for (String single : List.of("redis", "arena")) {
            assertThat(compose.path("services").path(single).has("profiles"))
                    .as(single + " runs without a profile")
                    .isFalse();
        }
    }

    @Test
    void haProfile_twoServersOnOneRedisAndThePostgresStore_distinctPortsAndUrls_healthchecked() {
        List<String> ports = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        for (String name : List.of("arena-a", "arena-b")) {
            JsonNode server = compose.path("services").path(name);
            assertThat(strings(server.path("profiles"))).as(name).containsExactly("ha");
            assertThat(server.path("image").asText())
                    .isEqualTo(
                            compose.path("services").path("arena").path("image").asText());
            assertThat(server.path("depends_on").path("redis").path("condition").asText())
                    .isEqualTo("service_healthy");
            assertThat(server.path("depends_on")
                            .path("postgres")
                            .path("condition")
                            .asText())
                    .isEqualTo("service_healthy");
            JsonNode env = server.path("environment");
            assertThat(env.path("ARENA_BROKER_BACKEND").asText()).isEqualTo("redis");
            assertThat(env.path("REDIS_URL").asText())
                    .isEqualTo(compose.path("services")
                            .path("arena")
                            .path("environment")
                            .path("REDIS_URL")
                            .asText());
            assertThat(env.path("ARENA_DB").asText())
                    .matches("postgresql://arena:\\$\\{POSTGRES_PASSWORD(:-)?}@postgres:5432/arena");
            assertThat(env.path("ARENA_ADVERTISED_URL").asText()).isEqualTo("http://" + name + ":8000");
            assertThat(env.path("ARENA_SERVER_URL").asText())
                    .isEqualTo(env.path("ARENA_ADVERTISED_URL").asText());
            // readiness, not /health: a server whose store is down still serves live streams (degraded, 200)
            assertThat(String.join(" ", strings(server.path("healthcheck").path("test"))))
                    .contains("GET /health/ready ");
            assertThat(server.path("stop_signal").asText()).isEqualTo("SIGTERM");
            assertThat(strings(server.path("ports"))).singleElement().satisfies(p -> assertThat(p)
                    .startsWith("127.0.0.1:"));
            ports.add(strings(server.path("ports")).get(0));
            urls.add(env.path("ARENA_ADVERTISED_URL").asText());
            String volume = strings(server.path("volumes")).get(0);
            assertThat(compose.path("volumes").has(volume.substring(0, volume.indexOf(':'))))
                    .isTrue();
        }
        ports.add(strings(compose.path("services").path("arena").path("ports")).get(0));
        assertThat(ports).doesNotHaveDuplicates();
        assertThat(urls).doesNotHaveDuplicates();
    }

    @Test
    void envExample_definesEveryVariableComposeInterpolates() throws Exception {
        Properties example = new Properties();
        try (var in = Files.newBufferedReader(root.resolve("env.example"))) {
            example.load(in);
        }
        String text = Files.readString(root.resolve("docker-compose.yml"));
        var matcher = Pattern.compile("\\$\\{([A-Z_]+)").matcher(text);
        while (matcher.find()) {
            assertThat(example).as("env.example defines " + matcher.group(1)).containsKey(matcher.group(1));
        }
    }
}
