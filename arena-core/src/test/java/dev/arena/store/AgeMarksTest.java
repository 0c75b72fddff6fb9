package dev.arena.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AgeMarksTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void olderThan_isTheLongestPrefixOfNotedEventsAllOlderThanTheCutoff() {
        AgeMarks marks = new AgeMarks(Duration.ofHours(1));
        marks.archived(1, T);
        marks.archived(2, T.plusSeconds(600));
        marks.archived(3, T.plusSeconds(1200));

        assertThat(marks.olderThan(T)).isZero();
        assertThat(marks.olderThan(T.plusSeconds(1))).isEqualTo(1);
        assertThat(marks.olderThan(T.plusSeconds(900))).isEqualTo(2);
        assertThat(marks.olderThan(T.plusSeconds(3600))).isEqualTo(3);
    }

    @Test
    void aYoungerEventBeforeOlderOnes_holdsThemBack_soASkewedClockNeverTrimsAYoungEvent() {
        AgeMarks marks = new AgeMarks(Duration.ofHours(1));
        marks.archived(1, T);
        marks.archived(2, T.plusSeconds(3000)); // a producer whose clock runs ahead
        marks.archived(3, T.plusSeconds(60));

        assertThat(marks.olderThan(T.plusSeconds(120))).isEqualTo(1);
        assertThat(marks.olderThan(T.plusSeconds(3001))).isEqualTo(3);
    }

    @Test
    void marksAreCoarsenedToASixtyFourthOfTheMaxAge_soARunKeepsAFewDozenWhateverItsRate() {
        AgeMarks marks = new AgeMarks(Duration.ofHours(1));
        for (int i = 1; i <= 36_000; i++) { // ten per second for an hour
            marks.archived(i, T.plusMillis(i * 100L));
        }
        assertThat(marks.size()).isBetween(64, 66);
        long through = marks.olderThan(T.plusSeconds(1800));
        assertThat(through)
                .as("trimming lags the cutoff by at most one mark's span (about 56 s)")
                .isBetween(18_000L - 563, 18_000L);

        marks.forgetThrough(through);
        assertThat(marks.olderThan(T.plusSeconds(1800))).isZero();
        assertThat(marks.size()).isBetween(32, 34);
    }

    @Test
    void anEventNotedTwice_orOutOfOrder_isIgnored() {
        AgeMarks marks = new AgeMarks(Duration.ofMinutes(10));
        marks.archived(5, T);
        marks.archived(5, T.plusSeconds(900));
        marks.archived(4, T.plusSeconds(900));
        assertThat(marks.lastSeq()).isEqualTo(5);
        assertThat(marks.olderThan(T.plusSeconds(1))).isEqualTo(5);
    }
}
