package dev.arena.fork;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.Envelope;
import java.util.List;

/** What a fork's replayed events must keep of the parent's: each one's kind and payload, in order. */
final class ReplayAssertions {

    private ReplayAssertions() {}

    static void assertReplays(List<Envelope> replayed, List<Envelope> parentEvents) {
        assertThat(replayed)
                .extracting(Envelope::kind)
                .isEqualTo(parentEvents.stream().map(Envelope::kind).toList());
        assertThat(replayed)
                .extracting(Envelope::payloadJson)
                .isEqualTo(parentEvents.stream().map(Envelope::payloadJson).toList());
    }
}
