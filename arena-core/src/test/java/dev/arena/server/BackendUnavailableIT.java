package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.config.BrokerSettings;
import dev.arena.fixture.ServerFixture;
import dev.arena.fixture.TestBackend;
import dev.arena.testkit.RedisServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unavailable backend is answered the same way by every endpoint: 503 with the JSON error
 * {@code unavailable} whose detail names Redis (URL masked, no password) — translated once, in the
 * router, from the one exception for it, never guessed per endpoint.
 */
class BackendUnavailableIT {

    private static final String PASSWORD = "pa55-w0rd-secret";

    @TempDir
    Path dir;

    @Test
    void stoppedRedis_isA503UnavailableNamingRedis_onForksAndRuns() throws Exception {
        try (RedisServer redis = RedisServer.builder().password(PASSWORD).start();
                EventBroker broker = TestBackend.REDIS.create(BrokerSettings.DEFAULTS, () -> redis)) {
            Map<String, String> env = ServerFixture.env(dir);
            env.put("ARENA_BROKER_BACKEND", "redis");
            env.put("REDIS_URL", redis.url());
            try (ServerFixture fx = ServerFixture.start(broker, dir, env, b -> {})) {
                RunId parent = Runs.finished(broker, 5);

                redis.stop();
                assertUnavailableNamingRedis(fx.post("/forks", "{\"parent_run_id\":\"" + parent + "\"}"));
                assertUnavailableNamingRedis(fx.get("/runs/" + parent));
                redis.start();
            }
        }
    }

    private static void assertUnavailableNamingRedis(ServerFixture.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(503);
        assertThat(answer.json().path("error").asText()).isEqualTo("unavailable");
        assertThat(answer.json().path("detail").asText()).contains("Redis at redis://:***@");
        assertThat(answer.body()).doesNotContain(PASSWORD);
    }
}
