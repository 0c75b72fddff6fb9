package dev.arena.tui.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How the console writes numbers, durations and times into fixed-width cells. */
class CellsTest {

    @Test
    void cells_formatDurationsCountsAndRatesInFixedWidths() {
        assertThat(Cells.duration(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Cells.duration(Duration.ofSeconds(725))).isEqualTo("12m05s");
        assertThat(Cells.duration(Duration.ofSeconds(6 * 3600 - 60))).isEqualTo("5h59m");
        assertThat(Cells.duration(Duration.ofHours(76))).isEqualTo("3d04h");
        assertThat(Cells.duration(null)).isEqualTo("-");
        assertThat(Cells.count(950)).isEqualTo("950");
        assertThat(Cells.count(12_345)).isEqualTo("12.3k");
        assertThat(Cells.count(4_500_000)).isEqualTo("4.5M");
        assertThat(Cells.count(-1)).isEqualTo("-");
        assertThat(Cells.rate(0)).isEqualTo("0/s");
        assertThat(Cells.rate(5.5)).isEqualTo("5.5/s");
        assertThat(Cells.rate(52.4)).isEqualTo("52/s");
        assertThat(Cells.rate(12_345)).isEqualTo("12.3k/s");
        assertThat(Cells.rate(Double.NaN)).isEqualTo("-/s");
        assertThat(Cells.fit("abcdef", 4)).isEqualTo("abc…");
        assertThat(Cells.fit("ab", 4)).isEqualTo("ab  ");
        assertThat(Cells.right("7", 3)).isEqualTo("  7");
    }

    @Test
    void middle_keepsBothEndsOfAUrl_andLeavesWhatFitsAlone() {
        String url = "redis://:***@10.0.0.1:7000,10.0.0.2:7000,10.0.0.3:7000";
        assertThat(Cells.middle(url, 26)).hasSize(26).startsWith("redis://:***").endsWith("…10.0.0.3:7000");
        assertThat(Cells.middle("short", 26)).isEqualTo("short");
    }
}
