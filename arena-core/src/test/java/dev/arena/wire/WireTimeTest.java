package dev.arena.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireTimeTest {

    @Test
    void parse_readsBackWhatFormatWrites_asInstantParseDoes() {
        for (Instant t : List.of(
                Instant.parse("2026-12-06T01:02:03.456789Z"),
                Instant.parse("1970-01-01T00:00:00Z"),
                Instant.parse("2024-02-29T23:59:59.999999Z"),
                Instant.parse("0001-01-01T00:00:00.000001Z"),
                Instant.parse("9999-12-31T23:59:59.999999Z"))) {
            String text = WireTime.format(t);
            assertThat(WireTime.parse(text))
                    .as(text)
                    .isEqualTo(Instant.parse(text))
                    .isEqualTo(t);
        }
    }

    @Test
    void format_ofInstantsInTheSameAndInAlternatingSeconds_matchesTheIsoFormatter() {
        var iso = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
        Instant start = Instant.parse("2026-12-31T23:59:58.999990Z");
        for (int i = 0; i < 3_000; i++) {
            Instant t = start.plusNanos(i * 1_337L);
            Instant other = i % 2 == 0 ? t : t.minusSeconds(86_400L * 400);
            assertThat(WireTime.format(other)).isEqualTo(iso.format(other));
            assertThat(WireTime.format(t)).isEqualTo(iso.format(t));
        }
    }

    @Test
    void parse_ofOtherSpellings_isInstantParse() {
        assertThat(WireTime.parse("2026-12-06T01:02:03Z")).isEqualTo(Instant.parse("2026-12-06T01:02:03Z"));
        assertThat(WireTime.parse("2026-12-06T01:02:03.4Z")).isEqualTo(Instant.parse("2026-12-06T01:02:03.4Z"));
    }

    @Test
    void parse_ofAnImpossibleOrOddTimestamp_doesWhatInstantParseDoes() {
        for (String odd : List.of(
                "2026-02-30T00:00:00.000000Z",
                "2025-02-29T00:00:00.000000Z",
                "2026-13-01T00:00:00.000000Z",
                "2026-12-06T24:00:00.000000Z",
                "2026-12-06T01:60:00.000000Z",
                "2026-12-06T23:59:60.000000Z",
                "2026-12-06T01:02:0x.000000Z",
                "2026-12-06 01:02:03.000000Z")) {
            Object expected;
            try {
                expected = Instant.parse(odd);
            } catch (DateTimeParseException e) {
                assertThatThrownBy(() -> WireTime.parse(odd)).as(odd).isInstanceOf(DateTimeParseException.class);
                continue;
            }
            assertThat(WireTime.parse(odd)).as(odd).isEqualTo(expected);
        }
        assertThatThrownBy(() -> WireTime.parse("2026-02-30T00:00:00.000000Z"))
                .isInstanceOf(DateTimeParseException.class);
    }
}
