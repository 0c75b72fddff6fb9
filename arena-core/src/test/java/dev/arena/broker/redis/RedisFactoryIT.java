package dev.arena.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.broker.Brokers;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.config.ArenaConfig;
import dev.arena.error.BackendUnavailableException;
import dev.arena.testkit.RedisServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The factory (docs/design.md, "Configuration") builds a working Redis broker, and bad credentials fail clearly without leaking them. */
class RedisFactoryIT {

    /** Needs URL encoding. No space: ArenaConfig encodes it as "+", which URL user-info decoding keeps literal. */
    private static final String PASSWORD = "s3cr3t+p@ss:w/rd%x=";

    @Test
    void redisBackendFromTheEnvironment_isAWorkingRedisBroker() throws Exception {
        try (RedisServer server = RedisServer.startNew();
                EventBroker broker = Brokers.fromEnvironment(
                        Map.of("ARENA_BROKER_BACKEND", " Redis ", "REDIS_URL", server.url()), "arena-test")) {
            assertThat(broker.backend()).isEqualTo("redis");
            RunId run = RunId.random();
            assertThat(broker.openRun(run, Map.of()).get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(broker.publish(run, Event.of("agent.signal")).get(10, TimeUnit.SECONDS))
                    .isEqualTo(2);
            assertThat(broker.read(run, 1, 10)).hasSize(2);
        }
    }

    @Test
    void wrongPassword_failsWithTheUrlMasked_andSaysWhatToCheck() {
        try (RedisServer server = RedisServer.builder().password(PASSWORD).start()) {
            String url = "redis://:wrong-Pa55word@" + server.host() + ":" + server.port() + "/0";
            assertThatThrownBy(() -> Brokers.fromEnvironment(
                            Map.of("ARENA_BROKER_BACKEND", "redis", "REDIS_URL", url), "arena-test"))
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("redis://:***@" + server.host() + ":" + server.port())
                    .hasMessageContaining("REDIS_PASSWORD")
                    .hasMessageContaining("authentication")
                    .hasMessageNotContaining("wrong-Pa55word");
            String noPassword = "redis://" + server.host() + ":" + server.port() + "/0";
            assertThatThrownBy(() -> Brokers.fromEnvironment(
                            Map.of("ARENA_BROKER_BACKEND", "redis", "REDIS_URL", noPassword), "arena-test"))
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("authentication");
        }
    }

    @Test
    void unreachableRedis_failsNamingTheMaskedUrl() {
        int port = RedisServer.freePort();
        String url = "redis://:Hunter2Hunter2@127.0.0.1:" + port + "/0";
        assertThatThrownBy(() -> Brokers.fromEnvironment(
                        Map.of("ARENA_BROKER_BACKEND", "redis", "REDIS_URL", url), "arena-test"))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("redis://:***@127.0.0.1:" + port)
                .hasMessageContaining("REDIS_URL")
                .hasMessageNotContaining("Hunter2");
    }

    @Test
    void urlBuiltFromRedisPassword_authenticatesAgainstAServerWithThatPassword() throws Exception {
        try (RedisServer server = RedisServer.builder().password(PASSWORD).start()) {
            // REDIS_PASSWORD implies localhost:6379, which tests never touch: point the built URL at the private
            // server.
            String built = ArenaConfig.redisUrl(Map.of("REDIS_PASSWORD", PASSWORD));
            assertThat(built)
                    .startsWith("redis://:")
                    .endsWith("@localhost:6379/0")
                    .doesNotContain(" ");
            String url = built.replace("@localhost:6379/", "@" + server.host() + ":" + server.port() + "/");
            try (EventBroker broker =
                    Brokers.fromEnvironment(Map.of("ARENA_BROKER_BACKEND", "redis", "REDIS_URL", url), "arena-test")) {
                RunId run = RunId.random();
                assertThat(broker.openRun(run, Map.of()).get(10, TimeUnit.SECONDS))
                        .isEqualTo(1);
            }
        }
    }
}
