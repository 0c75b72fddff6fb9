package dev.arena.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.broker.Brokers;
import dev.arena.broker.EventBroker;
import dev.arena.wire.Backend;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArenaConfigTest {

    @Test
    void backend_unsetOrBlank_isInProcess() {
        assertThat(ArenaConfig.backend(Map.of())).isEqualTo(Backend.INPROCESS);
        assertThat(ArenaConfig.backend(Map.of("ARENA_BROKER_BACKEND", "  "))).isEqualTo(Backend.INPROCESS);
    }

    @Test
    void backend_isTrimmedAndCaseInsensitive() {
        assertThat(ArenaConfig.backend(Map.of("ARENA_BROKER_BACKEND", "inprocess")))
                .isEqualTo(Backend.INPROCESS);
        assertThat(ArenaConfig.backend(Map.of("ARENA_BROKER_BACKEND", " Redis ")))
                .isEqualTo(Backend.REDIS);
        assertThat(ArenaConfig.backend(Map.of("ARENA_BROKER_BACKEND", "REDIS"))).isEqualTo(Backend.REDIS);
    }

    @Test
    void backend_unknownValue_failsNamingTheVariableAndTheValidValues() {
        assertThatThrownBy(() -> ArenaConfig.backend(Map.of("ARENA_BROKER_BACKEND", "reddis")))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.variable()).isEqualTo("ARENA_BROKER_BACKEND"))
                .hasMessageContaining("ARENA_BROKER_BACKEND")
                .hasMessageContaining("reddis")
                .hasMessageContaining("inprocess")
                .hasMessageContaining("redis");
    }

    @Test
    void factory_unknownBackend_failsBeforeConnectingAnything() {
        assertThatThrownBy(() -> Brokers.fromEnvironment(Map.of("ARENA_BROKER_BACKEND", "kafka"), "arena-test"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka");
    }

    @Test
    void factory_readsTheEnvironmentAtEachCall() {
        Map<String, String> env = new HashMap<>();
        try (EventBroker first = Brokers.fromEnvironment(env, "arena-test")) {
            assertThat(first.backend()).isEqualTo("inprocess");
        }
        env.put("ARENA_BROKER_BACKEND", "reddis");
        assertThatThrownBy(() -> Brokers.fromEnvironment(env, "arena-test")).isInstanceOf(ConfigException.class);
        env.put("ARENA_BROKER_BACKEND", "inprocess");
        try (EventBroker third = Brokers.fromEnvironment(env, "arena-test")) {
            assertThat(third.backend()).isEqualTo("inprocess");
        }
    }

    @Test
    void store_defaultsToTheDuckDbFile_andTakesAPostgresUrl() {
        assertThat(ArenaConfig.from(Map.of()).store().file()).isEqualTo(Path.of("data/arena.duckdb"));
        ArenaConfig pg = ArenaConfig.from(
                Map.of("ARENA_DB", "postgresql://arena:db-pass-1@db:5432/arena", "ARENA_ADMIN_TOKEN", "tok-12345"));
        assertThat(pg.store().kind()).isEqualTo(StoreLocation.Kind.POSTGRESQL);
        assertThat(pg.store()).hasToString("postgresql://arena:***@db:5432/arena");
        assertThat(pg.secrets()).containsExactlyInAnyOrder("tok-12345", "db-pass-1");
    }

    @Test
    void store_aBadUrl_failsNamingArenaDb_withoutThePassword() {
        assertThatThrownBy(() -> ArenaConfig.from(Map.of("ARENA_DB", "postgresql://arena:db-pass-1@db:5432")))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.variable()).isEqualTo("ARENA_DB"))
                .hasMessageStartingWith("ARENA_DB 'postgresql://arena:***@db:5432' names no database")
                .hasMessageNotContaining("db-pass-1");
    }

    @Test
    void redisUrl_explicitUrlWinsOverPassword() {
        String url = ArenaConfig.redisUrl(Map.of("REDIS_URL", "redis://other:6380/2", "REDIS_PASSWORD", "pw"));
        assertThat(url).isEqualTo("redis://other:6380/2");
    }

    @Test
    void redisUrl_isBuiltFromAnUrlEncodedPassword() {
        String url = ArenaConfig.redisUrl(Map.of("REDIS_PASSWORD", "p@ss:w/rd"));
        assertThat(url).isEqualTo("redis://:p%40ss%3Aw%2Frd@localhost:6379/0");
    }

    @Test
    void redisUrl_encodesSpacesSoTheyDecodeBackToSpaces() {
        String url = ArenaConfig.redisUrl(Map.of("REDIS_PASSWORD", "a b+c"));
        assertThat(url).isEqualTo("redis://:a%20b%2Bc@localhost:6379/0");
        assertThat(URI.create(url).getUserInfo()).isEqualTo(":a b+c");
    }

    @Test
    void redisUrl_defaultsToLocalRedis() {
        assertThat(ArenaConfig.redisUrl(Map.of())).isEqualTo("redis://localhost:6379/0");
    }

    @Test
    void redisUrl_notARedisUrl_failsWithoutPrintingTheSecret() {
        assertThatThrownBy(() -> ArenaConfig.redisUrl(Map.of("REDIS_URL", "http://:hunter22@host:1/0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("REDIS_URL")
                .hasMessageNotContaining("hunter22");
    }

    @Test
    void maskedRedisUrl_hidesThePassword() {
        ArenaConfig c = ArenaConfig.from(Map.of("REDIS_PASSWORD", "hunter22"));
        assertThat(c.maskedRedisUrl())
                .isEqualTo("redis://:***@localhost:6379/0")
                .doesNotContain("hunter22");
    }

    @Test
    void defaults_matchSection6() {
        ArenaConfig c = ArenaConfig.from(Map.of());
        assertThat(c.brokerSettings().runTtl()).isEqualTo(Duration.ofHours(6));
        assertThat(c.brokerSettings().streamMaxLen()).isEqualTo(10_000);
        assertThat(c.brokerSettings().closedRetention()).isEqualTo(Duration.ofHours(1));
        assertThat(c.brokerSettings().maxEventBytes()).isEqualTo(256 * 1024);
        assertThat(c.reaperGrace()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.forkStuckAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.httpHost()).isEqualTo("127.0.0.1");
        assertThat(c.httpPort()).isEqualTo(8000);
        assertThat(c.serverUrl()).isEqualTo("http://127.0.0.1:8000");
        assertThat(c.adminToken()).isEmpty();
        assertThat(c.readonly()).isFalse();
    }

    @Test
    void durations_acceptShortFormsAndIso() {
        ArenaConfig c = ArenaConfig.from(Map.of(
                "ARENA_RUN_TTL",
                "90s",
                "ARENA_REAPER_GRACE",
                "PT45M",
                "ARENA_CLOSED_RETENTION",
                "2h",
                "ARENA_FORK_STUCK_AFTER",
                "500ms"));
        assertThat(c.brokerSettings().runTtl()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.reaperGrace()).isEqualTo(Duration.ofMinutes(45));
        assertThat(c.brokerSettings().closedRetention()).isEqualTo(Duration.ofHours(2));
        assertThat(c.forkStuckAfter()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void streamMaxAge_isOffByDefault_andAcceptsShortFormsAndIso() {
        assertThat(ArenaConfig.from(Map.of()).brokerSettings().streamMaxAge()).isZero();
        assertThat(ArenaConfig.from(Map.of()).brokerSettings().hasStreamMaxAge())
                .isFalse();
        assertThat(ArenaConfig.from(Map.of("ARENA_STREAM_MAX_AGE", " "))
                        .brokerSettings()
                        .hasStreamMaxAge())
                .isFalse();

        assertThat(ArenaConfig.from(Map.of("ARENA_STREAM_MAX_AGE", "1h"))
                        .brokerSettings()
                        .streamMaxAge())
                .isEqualTo(Duration.ofHours(1));
        assertThat(ArenaConfig.from(Map.of("ARENA_STREAM_MAX_AGE", "90s"))
                        .brokerSettings()
                        .streamMaxAge())
                .isEqualTo(Duration.ofSeconds(90));
        BrokerSettings iso = ArenaConfig.from(Map.of("ARENA_STREAM_MAX_AGE", "PT30M", "ARENA_STREAM_MAXLEN", "500"))
                .brokerSettings();
        assertThat(iso.streamMaxAge()).isEqualTo(Duration.ofMinutes(30));
        assertThat(iso.streamMaxLen()).as("the count bound stays beside it").isEqualTo(500);
        assertThat(iso.hasStreamMaxAge()).isTrue();
    }

    @Test
    void streamMaxAge_badValues_failFastNamingTheVariableAndTheValue() {
        assertThatThrownBy(() -> ArenaConfig.from(Map.of("ARENA_STREAM_MAX_AGE", "an hour")))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.variable()).isEqualTo("ARENA_STREAM_MAX_AGE"))
                .hasMessageContaining("ARENA_STREAM_MAX_AGE='an hour' is not a duration")
                .hasMessageContaining("unset: no age bound");
        assertThatThrownBy(() -> ArenaConfig.from(Map.of("ARENA_STREAM_MAX_AGE", "-5s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ARENA_STREAM_MAX_AGE")
                .hasMessageContaining("-5s");
        for (String tooShort : new String[] {"0s", "500ms", "PT-1H"}) {
            assertThatThrownBy(() -> ArenaConfig.from(Map.of("ARENA_STREAM_MAX_AGE", tooShort)))
                    .as(tooShort)
                    .isInstanceOfSatisfying(
                            ConfigException.class, e -> assertThat(e.variable()).isEqualTo("ARENA_STREAM_MAX_AGE"))
                    .hasMessageContaining("ARENA_STREAM_MAX_AGE='" + tooShort + "' is too short: use at least 1s");
        }
    }

    @Test
    void badValues_failNamingTheVariable() {
        assertThatThrownBy(() -> ArenaConfig.from(Map.of("ARENA_RUN_TTL", "soon")))
                .hasMessageContaining("ARENA_RUN_TTL")
                .hasMessageContaining("soon");
        assertThatThrownBy(() -> ArenaConfig.from(Map.of("ARENA_STREAM_MAXLEN", "-3")))
                .hasMessageContaining("ARENA_STREAM_MAXLEN");
        assertThatThrownBy(() -> ArenaConfig.from(Map.of("ARENA_HTTP_PORT", "70000")))
                .hasMessageContaining("ARENA_HTTP_PORT");
        assertThatThrownBy(() -> ArenaConfig.from(Map.of("ARENA_READONLY", "maybe")))
                .hasMessageContaining("ARENA_READONLY");
        assertThatThrownBy(() -> ArenaConfig.from(Map.of("ARENA_REAPER_GRACE", "0s")))
                .hasMessageContaining("ARENA_REAPER_GRACE");
    }

    @Test
    void registry_defaultsToHeartbeat2sTtl10sAndTheBoundUrl() {
        RegistrySettings r = ArenaConfig.from(Map.of()).registry();
        assertThat(r.heartbeat()).isEqualTo(Duration.ofSeconds(2));
        assertThat(r.ttl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(r.advertisedUrl()).isEmpty();
    }

    @Test
    void registry_ttlBelowTwoHeartbeats_failsNamingBothVariables() {
        assertThatThrownBy(() -> ArenaConfig.from(Map.of("ARENA_REGISTRY_HEARTBEAT", "5s", "ARENA_REGISTRY_TTL", "8s")))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.variable()).isEqualTo("ARENA_REGISTRY_TTL"))
                .hasMessageContaining("ARENA_REGISTRY_TTL=8s")
                .hasMessageContaining("ARENA_REGISTRY_HEARTBEAT=5s");
    }

    @Test
    void registry_badValues_failNamingTheVariable() {
        assertThatThrownBy(() -> ArenaConfig.from(Map.of("ARENA_REGISTRY_HEARTBEAT", "soon")))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.variable()).isEqualTo("ARENA_REGISTRY_HEARTBEAT"));
        assertThatThrownBy(() -> ArenaConfig.from(Map.of("ARENA_REGISTRY_HEARTBEAT", "10ms")))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.variable()).isEqualTo("ARENA_REGISTRY_HEARTBEAT"))
                .hasMessageContaining("at least 100ms");
        assertThatThrownBy(() -> ArenaConfig.from(Map.of("ARENA_ADVERTISED_URL", "arena-1:8000")))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.variable()).isEqualTo("ARENA_ADVERTISED_URL"))
                .hasMessageContaining("http://arena-1.internal:8000");
        assertThatThrownBy(() -> ArenaConfig.from(Map.of("ARENA_ADVERTISED_URL", "http://user:s3cret@h:8000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void registry_advertisedUrl_isKeptWithoutATrailingSlash() {
        assertThat(ArenaConfig.from(Map.of("ARENA_ADVERTISED_URL", "http://arena-1.internal:8000/"))
                        .registry()
                        .advertisedUrl())
                .contains("http://arena-1.internal:8000");
    }
}
