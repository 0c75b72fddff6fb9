package dev.arena.server;

import static dev.arena.server.RegistryEnv.TTL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.EventBroker;
import dev.arena.config.BrokerSettings;
import dev.arena.fixture.ServerFixture;
import dev.arena.fixture.ServerJvm;
import dev.arena.fixture.TestBackend;
import dev.arena.fixture.TestServers;
import dev.arena.registry.ServerRegistries;
import dev.arena.wire.ServerEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server registry: two real servers over one private Redis (and one private Redis
 * Cluster) list each other in {@code /health}; an orderly shutdown removes a server's entry at once;
 * a server in a second JVM killed with SIGKILL leaves the list within the TTL.
 */
class ServerRegistryIT {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    @TempDir
    Path dir;

    private Map<String, String> registryEnv(String redisUrl, String name) {
        return RegistryEnv.of(dir, name, redisUrl);
    }

    private ServerFixture server(TestBackend backend, String redisUrl, String name) throws Exception {
        EventBroker broker = servers.broker(backend, BrokerSettings.DEFAULTS);
        return servers.start(broker, registryEnv(redisUrl, name), b -> {});
    }

    private static List<JsonNode> listed(ServerFixture fx) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        fx.get("/health").json().path("servers").forEach(out::add);
        return out;
    }

    private static List<String> urls(List<JsonNode> entries) {
        return entries.stream().map(e -> e.path("url").asText()).toList();
    }

    @Test
    void twoServersOverOneRedis_listEachOtherInHealth_eachMarkingItself() throws Exception {
        ServerFixture a = server(TestBackend.REDIS, servers.redis().url(), "a");
        ServerFixture b = server(TestBackend.REDIS, servers.redis().url(), "b");

        for (ServerFixture fx : List.of(a, b)) {
            List<JsonNode> entries = listed(fx);
            assertThat(urls(entries)).containsExactly(a.server.url(), b.server.url()); // oldest start first
            for (JsonNode e : entries) {
                boolean self = e.path("url").asText().equals(fx.server.url());
                assertThat(e.path("self").asBoolean())
                        .as("self flag of %s seen by %s", e, fx.server.url())
                        .isEqualTo(self);
                assertThat(e.path("id").asText()).matches("[0-9a-f]{12}");
                assertThat(e.path("version").asText()).isNotBlank();
                assertThat(e.path("host_pid").asText())
                        .endsWith(":" + ProcessHandle.current().pid());
                assertThat(e.path("started_at").asText()).isNotBlank();
                assertThat(e.path("ttl_ms").asLong()).isEqualTo(TTL.toMillis());
                assertThat(e.path("heartbeat_age_ms").asLong()).isBetween(0L, TTL.toMillis());
            }
        }
        assertThat(listed(a).get(0).path("id").asText())
                .isEqualTo(a.server.registry().self().id());
        assertThat(ServerRegistries.read(servers.redis().url(), "arena-test/registry-read"))
                .extracting(ServerEntry::url)
                .containsExactly(a.server.url(), b.server.url());
    }

    @Test
    void orderlyShutdown_removesTheEntryAtOnce() throws Exception {
        ServerFixture a = server(TestBackend.REDIS, servers.redis().url(), "a");
        ServerFixture b = server(TestBackend.REDIS, servers.redis().url(), "b");
        assertThat(urls(listed(a))).hasSize(2);

        b.close();

        // no waiting: the entry is deleted during shutdown, not left to expire
        assertThat(urls(listed(a))).containsExactly(a.server.url());
        assertThat(ServerRegistries.read(servers.redis().url(), "arena-test/registry-read"))
                .extracting(ServerEntry::url)
                .containsExactly(a.server.url());
    }

    @Test
    void serverKilledWithSigkillInASecondJvm_leavesTheListWithinTheTtl() throws Exception {
        ServerFixture a = server(TestBackend.REDIS, servers.redis().url(), "a");
        Map<String, String> env = registryEnv(servers.redis().url(), "second");
        env.put("ARENA_AUDIT_LOG", dir.resolve("second-audit.jsonl").toString());
        try (ServerJvm second = ServerJvm.start(env, false)) {
            String url = second.url();
            await().atMost(Duration.ofSeconds(10)).until(() -> urls(listed(a)).contains(url));
            JsonNode entry = listed(a).stream()
                    .filter(e -> e.path("url").asText().equals(url))
                    .findFirst()
                    .orElseThrow();
            assertThat(entry.path("host_pid").asText()).endsWith(":" + second.pid());

            second.kill(); // SIGKILL: no shutdown hook, no deregistration
            long killed = System.nanoTime();

            await().atMost(TTL.plus(Duration.ofSeconds(1)))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> urls(listed(a)).equals(List.of(a.server.url())));
            long gone = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            assertThat(gone).as("ms from SIGKILL until unlisted").isLessThanOrEqualTo(TTL.toMillis() + 1000);
        }
    }

    @Test
    void inProcessBackend_listsOnlyItself() throws Exception {
        ServerFixture fx =
                servers.start(servers.broker(TestBackend.INPROCESS, BrokerSettings.DEFAULTS), Map.of(), b -> {});
        List<JsonNode> entries = listed(fx);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).path("url").asText()).isEqualTo(fx.server.url());
        assertThat(entries.get(0).path("self").asBoolean()).isTrue();
        assertThat(entries.get(0).path("ttl_ms").asLong()).isZero();
        assertThat(fx.server.registry().shared()).isFalse();
    }

    @Test
    void twoServersOverARedisCluster_listEachOther() throws Exception {
        String seeds = servers.cluster().seedUrl();
        ServerFixture a = server(TestBackend.REDIS_CLUSTER, seeds, "a");
        ServerFixture b = server(TestBackend.REDIS_CLUSTER, seeds, "b");

        assertThat(urls(listed(a))).containsExactly(a.server.url(), b.server.url());
        assertThat(urls(listed(b))).containsExactly(a.server.url(), b.server.url());
        assertThat(ServerRegistries.read(seeds, "arena-test/registry-read")).hasSize(2);

        b.close();
        assertThat(urls(listed(a))).containsExactly(a.server.url());
    }
}
