package dev.arena.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StreamBirthTest {

    @Test
    void aStreamThatAddedEverySeqItEverHeld_wasBornAtSeqOne() {
        assertThat(StreamBirth.firstSeq(List.of("length", 50L, "last-generated-id", "600-0", "entries-added", 600L)))
                .isEqualTo(1);
    }

    @Test
    void aStreamRecreatedAfterItsKeyWasDeleted_wasBornAtItsFirstNewSeq() {
        assertThat(StreamBirth.firstSeq(List.of("last-generated-id", "31-0", "entries-added", 10L)))
                .isEqualTo(22);
    }

    @Test
    void aRedisThatDoesNotCountAddedEntries_leavesTheBirthUnknown() {
        assertThat(StreamBirth.firstSeq(List.of("length", 10L, "last-generated-id", "31-0")))
                .isEqualTo(StreamBirth.UNKNOWN);
        assertThat(StreamBirth.firstSeq(List.of("last-generated-id", "not-a-seq", "entries-added", "3")))
                .isEqualTo(StreamBirth.UNKNOWN);
    }
}
