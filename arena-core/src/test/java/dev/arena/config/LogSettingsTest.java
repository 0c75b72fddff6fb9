package dev.arena.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LogSettingsTest {

    @Test
    void defaults_areDatedTextLines_andNoAccessLog() {
        LogSettings s = LogSettings.from(Map.of());
        assertThat(s.format()).isEqualTo(LogSettings.Format.TEXT);
        assertThat(s.accessLog()).isEmpty();
    }

    @Test
    void json_isAccepted_trimmedAndCaseInsensitive() {
        assertThat(LogSettings.from(Map.of("ARENA_LOG_FORMAT", " JSON ")).format())
                .isEqualTo(LogSettings.Format.JSON);
        assertThat(LogSettings.from(Map.of("ARENA_LOG_FORMAT", "text")).format())
                .isEqualTo(LogSettings.Format.TEXT);
    }

    @Test
    void unknownFormat_failsNamingTheVariableAndTheValidValues() {
        assertThatThrownBy(() -> LogSettings.from(Map.of("ARENA_LOG_FORMAT", "logfmt")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ARENA_LOG_FORMAT='logfmt'")
                .hasMessageContaining("'text'")
                .hasMessageContaining("'json'")
                .satisfies(e -> assertThat(((ConfigException) e).variable()).isEqualTo("ARENA_LOG_FORMAT"));
    }

    @Test
    void accessLog_isDashOrAPath_andRefusesControlCharacters() {
        assertThat(LogSettings.from(Map.of("ARENA_ACCESS_LOG", "-")).accessLog())
                .isEqualTo(Optional.of("-"));
        assertThat(LogSettings.from(Map.of("ARENA_ACCESS_LOG", " data/access.log "))
                        .accessLog())
                .isEqualTo(Optional.of("data/access.log"));
        assertThatThrownBy(() -> LogSettings.from(Map.of("ARENA_ACCESS_LOG", "a\nb")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ARENA_ACCESS_LOG");
    }
}
