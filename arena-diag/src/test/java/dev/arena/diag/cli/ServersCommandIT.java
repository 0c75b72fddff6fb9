package dev.arena.diag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.diag.support.DiagRun;
import dev.arena.fixture.ServerFixture;
import dev.arena.json.Json;
import dev.arena.server.ArenaServer;
import dev.arena.testkit.PrivateRedis;
import dev.arena.testkit.RedisServer;
import dev.arena.wire.ServerEntry;
import dev.arena.wire.WireJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code arena diag servers} against two real servers over one private Redis — table,
 * json and nagios with their exit codes — plus a listed server that does not answer, an empty
 * registry, an unreachable Redis and the in-process backend.
 */
class ServersCommandIT {

    @RegisterExtension
    static final PrivateRedis REDIS = new PrivateRedis();

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeServers() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private Map<String, String> redisEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("ARENA_BROKER_BACKEND", "redis");
        env.put("REDIS_URL", REDIS.server().url());
        env.put("ARENA_REGISTRY_HEARTBEAT", "200ms");
        env.put("ARENA_REGISTRY_TTL", "5s");
        return env;
    }

    private ArenaServer server(String name) throws Exception {
        ServerFixture server = ServerFixture.builder(Files.createDirectories(dir.resolve(name)))
                .env(redisEnv())
                .redis(REDIS.server().url())
                .start();
        open.add(server);
        return server.server;
    }

    private Map<String, String> diagEnv(String serverUrl) {
        Map<String, String> env = redisEnv();
        env.put("ARENA_SERVER_URL", serverUrl);
        return env;
    }

    @Test
    void twoServers_tableListsBoth_healthy_exit0() throws Exception {
        ArenaServer a = server("a");
        ArenaServer b = server("b");

        DiagRun.Result r = DiagRun.run(diagEnv(a.url()), "servers");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out())
                .contains("servers from the registry in " + REDIS.server().url())
                .contains("ID", "URL", "HEALTH", "HEARTBEAT", "VERSION", "STARTED", "HOST:PID")
                .contains(a.registry().self().id(), a.url(), b.registry().self().id(), b.url())
                .contains("OK - 2 server(s), 2 healthy");
        assertThat(r.out().indexOf(a.url()))
                .as("oldest start first")
                .isLessThan(r.out().indexOf(b.url()));
    }

    @Test
    void twoServers_json_listsBothWithTheirHealth_exit0() throws Exception {
        ArenaServer a = server("a");
        ArenaServer b = server("b");

        DiagRun.Result r = DiagRun.run(diagEnv(a.url()), "servers", "-o", "json");

        assertThat(r.exitCode()).as(r.all()).isZero();
        JsonNode json = Json.parse(r.out());
        assertThat(json.path("status").asText()).isEqualTo("OK");
        assertThat(json.path("registry").asBoolean()).isTrue();
        assertThat(json.path("count").asInt()).isEqualTo(2);
        List<String> urls = new ArrayList<>();
        for (JsonNode s : json.path("servers")) {
            urls.add(s.path("entry").path("url").asText());
            assertThat(s.path("health").asText()).isEqualTo("ok");
            assertThat(s.path("status").asText()).isEqualTo("OK");
            assertThat(s.path("entry").path("ttl_ms").asLong()).isEqualTo(5000);
            assertThat(s.path("entry").path("host_pid").asText())
                    .endsWith(":" + ProcessHandle.current().pid());
        }
        assertThat(urls).containsExactly(a.url(), b.url());
    }

    @Test
    void twoServers_nagios_oneOkLine_exit0() throws Exception {
        ArenaServer a = server("a");
        server("b");

        DiagRun.Result r = DiagRun.run(diagEnv(a.url()), "servers", "-o", "nagios");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .isEqualTo(
                        "ARENA OK - 2 server(s), 2 healthy | servers=2;;1:;0 servers_healthy=2;;1:;0 servers_unhealthy=0;0;;0\n");
    }

    @Test
    void listedServerThatDoesNotAnswer_isUnreachable_warning_exit1() throws Exception {
        ArenaServer a = server("a");
        String deadUrl = "http://127.0.0.1:" + RedisServer.freePort();
        ServerEntry ghost =
                new ServerEntry("0badc0ffee00", deadUrl, "0.0.1", Instant.now(), "elsewhere:42", 0, 0, false);
        // a fresh heartbeat (stamped ahead of the Redis clock: age 0) for a server nobody runs
        REDIS.server()
                .command(
                        "HSET",
                        "arena:servers",
                        ghost.id(),
                        (System.currentTimeMillis() + 60_000) + " 10000 " + WireJson.write(ghost));

        DiagRun.Result table = DiagRun.run(diagEnv(a.url()), "servers", "--probe-timeout", "500ms");
        DiagRun.Result nagios = DiagRun.run(diagEnv(a.url()), "servers", "-o", "nagios", "--probe-timeout", "500ms");

        assertThat(table.exitCode()).as(table.all()).isEqualTo(1);
        assertThat(table.out())
                .contains("0badc0ffee00", deadUrl, "unreachable")
                .contains(
                        "0badc0ffee00: listed in the registry (heartbeat 0s ago) but its /health/live did not answer within 0.5s"
                                + " (connection refused): killed (it leaves the list within its 10s TTL), hung, or its ARENA_ADVERTISED_URL is wrong")
                .contains("WARNING - 2 server(s), 1 healthy; 0badc0ffee00 (" + deadUrl + ")");
        assertThat(nagios.exitCode()).isEqualTo(1);
        assertThat(nagios.out())
                .startsWith("ARENA WARNING - 2 server(s), 1 healthy; 0badc0ffee00")
                .contains("| servers=2;;1:;0 servers_healthy=1;;1:;0 servers_unhealthy=1;0;;0");
    }

    @Test
    void emptyRegistry_isCritical_exit2() {
        DiagRun.Result r =
                DiagRun.run(diagEnv("http://127.0.0.1:" + RedisServer.freePort()), "servers", "-o", "nagios");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out())
                .startsWith("ARENA CRITICAL - no server is registered in the registry in redis://")
                .contains("| servers=0;;1:;0");
    }

    @Test
    void redisUnreachable_json_printsOneErrorObject_exit3() {
        Map<String, String> env = diagEnv("http://127.0.0.1:" + RedisServer.freePort());
        env.put("REDIS_URL", "redis://:s3cret-pw@127.0.0.1:" + RedisServer.freePort() + "/0");

        DiagRun.Result r = DiagRun.run(env, "servers", "-o", "json");

        assertThat(r.exitCode()).isEqualTo(3);
        JsonNode error = Json.parse(r.out().strip());
        assertThat(error.path("error").asText()).isEqualTo("unavailable");
        assertThat(error.path("exit").asInt()).isEqualTo(3);
        assertThat(r.all()).contains("cannot reach Redis").doesNotContain("s3cret-pw");
    }

    @Test
    void inProcessBackend_saysThereIsNoRegistry_listsTheServerAlone_exit0() throws Exception {
        try (ServerFixture server = ServerFixture.builder(dir)
                .stuckForksAfter(Duration.ofSeconds(1))
                .start()) {
            DiagRun.Result r = DiagRun.run(server.clientEnv(), "servers");
            DiagRun.Result json = DiagRun.run(server.clientEnv(), "servers", "-o", "json");

            assertThat(r.exitCode()).as(r.all()).isZero();
            assertThat(r.out())
                    .contains("(in-process backend: no registry)", server.url())
                    .contains("OK - in-process backend: no registry, only this server is listed (ok)");
            assertThat(Json.parse(json.out()).path("registry").asBoolean()).isFalse();
            assertThat(Json.parse(json.out()).path("count").asInt()).isEqualTo(1);
        }
    }
}
