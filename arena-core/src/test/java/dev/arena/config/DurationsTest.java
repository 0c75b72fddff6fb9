package dev.arena.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void exact_writesTheLargestUnitThatDividesIt_andParsesBackToTheSameDuration() {
        assertThat(Durations.exact(Duration.ofHours(1))).isEqualTo("1h");
        assertThat(Durations.exact(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Durations.exact(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.exact(Duration.ofDays(2))).isEqualTo("2d");
        assertThat(Durations.exact(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.exact(Duration.ZERO)).isEqualTo("0s");
        for (Duration d : new Duration[] {
            Duration.ofHours(1), Duration.ofMinutes(90), Duration.ofSeconds(61), Duration.ofMillis(1500)
        }) {
            assertThat(Durations.parse(Durations.exact(d))).isEqualTo(d);
        }
    }
}
