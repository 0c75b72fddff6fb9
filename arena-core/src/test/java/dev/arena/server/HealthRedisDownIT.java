package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.EventBroker;
import dev.arena.config.BrokerSettings;
import dev.arena.fixture.ServerFixture;
import dev.arena.fixture.TestBackend;
import dev.arena.testkit.RedisServer;
import java.nio.file.Path;
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
}
