package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arena.broker.EventBroker;
import dev.arena.config.BrokerSettings;
import dev.arena.fixture.ServerFixture;
import dev.arena.fixture.TestBackend;
import dev.arena.testkit.RedisServer;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When Redis refuses the server's password (it was changed), {@code /health} says so, as doctor
 * does, rather than "cannot reach Redis … check that redis-server is running".
 */
class HealthNamesRefusedRedisPasswordIT {

    private static final String OLD = "old-pass-7c1e94";
    private static final String NEW = "new-pass-2b8f03";

    @TempDir
    Path dir;

    @Test
    void passwordChanged_healthSaysRedisRefusedThePassword() throws Exception {
        try (RedisServer redis = RedisServer.builder().password(OLD).start();
                EventBroker broker = TestBackend.REDIS.create(BrokerSettings.DEFAULTS, () -> redis)) {
            Map<String, String> env = ServerFixture.env(dir);
            env.put("ARENA_BROKER_BACKEND", "redis");
            env.put("REDIS_URL", redis.url());
            try (ServerFixture fx = ServerFixture.start(broker, dir, env, b -> {})) {
                assertThat(fx.get("/health").status()).isEqualTo(200);

                RedisClient admin = RedisClient.create(redis.url());
                try (StatefulRedisConnection<String, String> c = admin.connect()) {
                    c.sync().configSet("requirepass", NEW);
                    c.sync()
                            .clientKill(
                                    KillArgs.Builder
                                            .typeNormal()); // every other client reconnects, with the old password
                } finally {
                    admin.shutdown();
                }

                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    ServerFixture.Answer a = fx.get("/health");
                    assertThat(a.status()).isEqualTo(503);
                    assertThat(a.json().path("redis").path("error").asText())
                            .contains("Redis refused the password")
                            .contains("REDIS_URL/REDIS_PASSWORD")
                            .contains("runbooks/redis-operations.md")
                            .doesNotContain("redis-server is running");
                });
                assertThat(fx.get("/health").body()).doesNotContain(OLD).doesNotContain(NEW);
            }
        }
    }
}
