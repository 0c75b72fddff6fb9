package dev.arena.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunIdTest {

    @Test
    void parse_acceptsLowerCaseUuid() {
        RunId id = RunId.parse("3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d");
        assertThat(id.value()).isEqualTo("3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d");
        assertThat(id.prefix()).isEqualTo("3f2b8c1e");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "3F2B8C1E-9A4D-4E7B-8C21-5D6F7A8B9C0D",
                "*",
                "arena:run:*",
                "3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d}",
                "../etc/passwd",
                "3f2b8c1e9a4d4e7b8c215d6f7a8b9c0d",
                " 3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d"
            })
    void parse_rejectsAnythingElse_withAClearMessage(String bad) {
        assertThatThrownBy(() -> RunId.parse(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lower-case UUID");
    }

    @Test
    void parse_missing() {
        assertThatThrownBy(() -> RunId.parse("")).hasMessageContaining("missing");
        assertThatThrownBy(() -> RunId.parse(null)).hasMessageContaining("missing");
    }
}
