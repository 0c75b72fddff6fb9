package dev.arena.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ARENA_ALLOWED_HOSTS, ARENA_MAX_CONNECTIONS and ARENA_HEADER_TIMEOUT, validated when the configuration is read. */
class HttpEdgeSettingsTest {

    @Test
    void defaults_noExtraHosts_12000Connections_15sHeaderTimeout() {
        HttpEdgeSettings edge = ArenaConfig.from(Map.of()).httpEdge();
        assertThat(edge).isEqualTo(HttpEdgeSettings.DEFAULTS);
        assertThat(edge.allowedHosts()).isEmpty();
        assertThat(edge.maxConnections()).isEqualTo(12_000);
        assertThat(edge.requestHeadTimeout()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void allowedHosts_areTrimmedLowerCasedAndDeduplicated_ipLiteralsAccepted() {
        HttpEdgeSettings edge = ArenaConfig.from(Map.of(
                        "ARENA_ALLOWED_HOSTS",
                        " Arena.Example.COM , 10.0.0.5,[2001:db8::1], arena.example.com., my-host "))
                .httpEdge();
        assertThat(edge.allowedHosts()).containsExactly("arena.example.com", "10.0.0.5", "2001:db8::1", "my-host");
    }

    @Test
    void allowedHosts_badEntry_failsAtLoadNamingTheVariableAndTheValue() {
        for (String bad : new String[] {
            "arena.example.com:8443",
            "https://arena.example.com",
            "*.example.com",
            "a b",
            "arena.example.com/x",
            "-bad.example",
            "a,,b",
            "a,"
        }) {
            assertThatThrownBy(() -> ArenaConfig.from(Map.of("ARENA_ALLOWED_HOSTS", bad)))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            ConfigException.class, e -> assertThat(e.variable()).isEqualTo("ARENA_ALLOWED_HOSTS"))
                    .hasMessageContaining("ARENA_ALLOWED_HOSTS='" + bad + "'")
                    .hasMessageContaining("without scheme or port");
        }
    }

    @Test
    void maxConnectionsAndHeaderTimeout_parsed_andBadValuesNamed() {
        HttpEdgeSettings edge = ArenaConfig.from(
                        Map.of("ARENA_MAX_CONNECTIONS", "20_000", "ARENA_HEADER_TIMEOUT", "500ms"))
                .httpEdge();
        assertThat(edge.maxConnections()).isEqualTo(20_000);
        assertThat(edge.requestHeadTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> ArenaConfig.from(Map.of("ARENA_MAX_CONNECTIONS", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ARENA_MAX_CONNECTIONS='0'");
        assertThatThrownBy(() -> ArenaConfig.from(Map.of("ARENA_HEADER_TIMEOUT", "0s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ARENA_HEADER_TIMEOUT='0s' must be positive");
        assertThatThrownBy(() -> ArenaConfig.from(Map.of("ARENA_HEADER_TIMEOUT", "soon")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ARENA_HEADER_TIMEOUT");
    }

    @Test
    void normalize_acceptsNamesAndLiterals_refusesPortsAndWildcards() {
        assertThat(HttpEdgeSettings.normalize("LOCALHOST")).isEqualTo("localhost");
        assertThat(HttpEdgeSettings.normalize("[::1]")).isEqualTo("::1");
        assertThat(HttpEdgeSettings.normalize("::1")).isEqualTo("::1");
        assertThat(HttpEdgeSettings.normalize("127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(HttpEdgeSettings.normalize("ab:80")).isNull();
        assertThat(HttpEdgeSettings.normalize("*")).isNull();
        assertThat(HttpEdgeSettings.normalize("")).isNull();
    }
}
