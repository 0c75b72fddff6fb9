package dev.arena.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.broker.BrokerOverflowException;
import dev.arena.broker.Envelope;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.UnknownRunException;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.config.BrokerSettings;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class ReadAheadTest {

    @Test
    void aBatchReadAheadIsTheOneTheBrokerHasAtThatSeq() {
        try (EventBroker broker = new InProcessEventBroker(BrokerSettings.DEFAULTS, Clock.systemUTC())) {
            RunId run = ArchiverTest.run(broker, 9); // run.start + 9 events
            ReadAhead reads = new ReadAhead(broker, 4);

            assertThat(reads.read(run, 1)).extracting(Envelope::seq).containsExactly(1L, 2L, 3L, 4L);
            reads.readAhead(run, 5);
            assertThat(reads.read(run, 5)).extracting(Envelope::seq).containsExactly(5L, 6L, 7L, 8L);
            reads.readAhead(run, 9);
            // asked for another seq than the one read ahead: read now, from where asked
            assertThat(reads.read(run, 2)).extracting(Envelope::seq).containsExactly(2L, 3L, 4L, 5L);
            assertThat(reads.read(run, 9)).extracting(Envelope::seq).containsExactly(9L, 10L);
        }
    }

    @Test
    void whatTheBrokerThrowsForABatchReadAheadIsThrownWhenItIsAskedFor() {
        try (EventBroker broker = new InProcessEventBroker(BrokerSettings.DEFAULTS, Clock.systemUTC())) {
            RunId run = ArchiverTest.run(broker, 9);
            RunId unknown = RunId.random();
            ReadAhead reads = new ReadAhead(broker, 4);

            reads.readAhead(unknown, 1);
            assertThatThrownBy(() -> reads.read(unknown, 1)).isInstanceOf(UnknownRunException.class);

            broker.trimBefore(run, 6);
            reads.readAhead(run, 2);
            assertThatThrownBy(() -> reads.read(run, 2))
                    .isInstanceOfSatisfying(BrokerOverflowException.class, e -> assertThat(e.availableFrom())
                            .isEqualTo(6));
        }
    }
}
