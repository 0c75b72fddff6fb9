package dev.arena.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.broker.RunId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The keyset position of GET /runs paging: newest first, ties by run id, no start time last, microseconds. */
class RunCursorTest {

    private static final Instant T = Instant.parse("2026-11-22T06:46:21.123456Z");
    private static final RunId A = RunId.parse("aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa");
    private static final RunId B = RunId.parse("bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb");

    @Test
    void atRun_admitsOlderRuns_andLaterRunIdsAtTheSameStart_only() {
        RunCursor atA = RunCursor.at(A, T);

        assertThat(atA.admits(T.minusNanos(1000), B)).as("older").isTrue();
        assertThat(atA.admits(T, B)).as("same start, larger id").isTrue();
        assertThat(atA.admits(T, A)).as("the cursor's own run").isFalse();
        assertThat(atA.admits(T.plusSeconds(1), B)).as("newer").isFalse();
        assertThat(atA.admits(null, A)).as("no start time sorts last").isTrue();
    }

    @Test
    void startTimes_compareAtMicroseconds_soALiveRunAndItsStoredCopySitTogether() {
        RunCursor live = RunCursor.at(A, T.plusNanos(789)); // the broker's clock may carry nanoseconds

        assertThat(live.startedAt()).isEqualTo(T);
        assertThat(live.admits(T, A)).isFalse();
        assertThat(live.admits(T.plusNanos(999), B)).isTrue();
    }

    @Test
    void startedBefore_admitsStrictlyOlderRuns_andThoseWithoutAStart() {
        RunCursor before = RunCursor.startedBefore(T);

        assertThat(before.admits(T, A)).isFalse();
        assertThat(before.admits(T.minusNanos(1000), A)).isTrue();
        assertThat(before.admits(null, B)).isTrue();
    }

    @Test
    void atARunWithoutStart_admitsOnlyLaterIdsWithoutStart() {
        RunCursor none = RunCursor.at(A, null);

        assertThat(none.admits(null, B)).isTrue();
        assertThat(none.admits(T, B)).isFalse();
        assertThatThrownBy(() -> new RunCursor(null, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
