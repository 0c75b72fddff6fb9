package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.EventBroker;
import dev.arena.config.BrokerSettings;
import dev.arena.fixture.ServerFixture;
import dev.arena.fixture.TestBackend;
import dev.arena.testkit.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /health tells the truth about Redis: masked URL and ping while up, a 503 "degraded" when down.
 * How quickly it answers once Redis is gone is measured by {@code TimeBudgetBench}, not asserted here.
 */
class HealthRedisDownIT {

    @TempDir
    Path dir;

    @Test
    void health_reportsMaskedRedisAndPing_thenDegradedWhenRedisStops() throws Exception {
        try (RedisServer redis =
                        RedisServer.builder().password("pa55-w0rd-secret").start();
                EventBroker broker = TestBackend.REDIS.create(BrokerSettings.DEFAULTS, () -> redis)) {
            Map<String, String> env = ServerFixture.env(dir);
            env.put("ARENA_BROKER_BACKEND", "redis");
            env.put("REDIS_URL", redis.url());
            try (ServerFixture fx = ServerFixture.start(broker, dir, env, b -> {})) {
                ServerFixture.Answer up = fx.get("/health");
                assertThat(up.status()).isEqualTo(200);
                JsonNode h = up.json();
                assertThat(h.path("backend").asText()).isEqualTo("redis");
                assertThat(h.path("redis").path("url").asText()).contains("***").doesNotContain("pa55-w0rd-secret");
                assertThat(h.path("redis").path("ping_ms").isNumber()).isTrue();

                redis.stop();
                ServerFixture.Answer down = fx.get("/health");
                assertThat(down.status()).isEqualTo(503);
                assertThat(down.json().path("status").asText()).isEqualTo("degraded");
                assertThat(down.json().path("redis").path("error").asText()).isNotBlank();
                assertThat(down.body()).doesNotContain("pa55-w0rd-secret");
                redis.start();
            }
        }
    }

    @Test
    void readiness_namesBrokerStoreAndRegistry_andIsUnavailableWhenRedisStops_whileLivenessStillAnswers()
            throws Exception {
        try (RedisServer redis =
                        RedisServer.builder().password("pa55-w0rd-secret").start();
                ServerFixture fx = ServerFixture.builder(dir).redis(redis.url()).start()) {
            ServerFixture.Answer ready = fx.get("/health/ready");
            assertThat(ready.status()).as(ready.body()).isEqualTo(200);
            JsonNode deps = ready.json().path("dependencies");
            assertThat(ready.json().path("status").asText()).isEqualTo("ready");
            assertThat(deps.path("broker").path("status").asText()).isEqualTo("ok");
            assertThat(deps.path("store").path("status").asText()).isEqualTo("ok");
            assertThat(deps.path("registry").path("status").asText()).isEqualTo("ok");
            assertThat(deps.path("registry").path("detail").asText()).isEqualTo("1 server(s) listed");

            redis.stop();
            try {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    ServerFixture.Answer down = fx.get("/health/ready");
                    assertThat(down.status()).as(down.body()).isEqualTo(503);
                    assertThat(down.json().path("status").asText()).isEqualTo("unavailable");
                    assertThat(down.json()
                                    .path("dependencies")
                                    .path("broker")
                                    .path("status")
                                    .asText())
                            .isEqualTo("down");
                    assertThat(down.json()
                                    .path("dependencies")
                                    .path("store")
                                    .path("status")
                                    .asText())
                            .isEqualTo("ok");
                    assertThat(down.body()).doesNotContain("pa55-w0rd-secret");
                });
                ServerFixture.Answer live = fx.get("/health/live");
                assertThat(live.status()).isEqualTo(200);
                assertThat(live.json().path("status").asText()).isEqualTo("live");
            } finally {
                redis.start();
            }
        }
    }
}
