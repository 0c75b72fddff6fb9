package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arena.broker.EventBroker;
import dev.arena.broker.redis.RedisKeys;
import dev.arena.config.BrokerSettings;
import dev.arena.fixture.ServerFixture;
import dev.arena.fixture.TestBackend;
import dev.arena.testkit.ClusterNode;
import dev.arena.testkit.PrivateRedisCluster;
import dev.arena.testkit.RedisCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * /health on a Redis Cluster says what the server talks to, and turns {@code degraded} while a
 * master is down with nobody to take over its slots, then {@code ok} again once it is back.
 */
class ClusterHealthIT {

    @RegisterExtension
    static final PrivateRedisCluster CLUSTER =
            new PrivateRedisCluster(RedisCluster.builder().password("cl-pa55-secret"));

    @TempDir
    Path dir;

    @Test
    void health_reportsTheTopology_degradedWhileSlotsHaveNoMaster_okOnceBack() throws Exception {
        RedisCluster cluster = CLUSTER.cluster();
        try (EventBroker broker =
                TestBackend.REDIS_CLUSTER.create(BrokerSettings.DEFAULTS, () -> null, () -> cluster)) {
            Map<String, String> env = ServerFixture.env(dir);
            env.put("ARENA_BROKER_BACKEND", "redis");
            env.put("REDIS_URL", cluster.seedUrl());
            try (ServerFixture fx = ServerFixture.start(broker, dir, env, b -> {})) {
                ServerFixture.Answer up = fx.get("/health");
                assertThat(up.status()).as(up.body()).isEqualTo(200);
                assertThat(up.json().path("redis").path("topology").asText())
                        .isEqualTo("redis cluster: 3 masters, 0 replicas, all 16384 slots served, cluster_state ok");
                assertThat(up.body()).doesNotContain("cl-pa55-secret");

                // The master of the health probe's own slot: the live lookup fails, the topology must still be told.
                ClusterNode master = cluster.nodeForKey(RedisKeys.events(HealthEndpoint.PROBE));
                cluster.kill9(master);
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    ServerFixture.Answer down = fx.get("/health");
                    assertThat(down.status()).as(down.body()).isEqualTo(503);
                    assertThat(down.json().path("status").asText()).isEqualTo("degraded");
                    assertThat(down.json().path("redis").path("topology").asText())
                            .contains("slots without a master");
                });

                cluster.restart(master);
                cluster.awaitHealthy();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    ServerFixture.Answer back = fx.get("/health");
                    assertThat(back.status()).as(back.body()).isEqualTo(200);
                    assertThat(back.json().path("redis").path("topology").asText())
                            .endsWith("all 16384 slots served, cluster_state ok");
                });
            }
        }
    }
}
