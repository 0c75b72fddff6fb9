package dev.arena.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The null broker's contract: it accepts every write (never throwing, seqs from 1 per broker) and
 * keeps nothing, so every read agrees that no run exists. The broker contract suite does not
 * apply: it is about keeping events.
 */
class NullBrokerTest {

    private final NullBroker broker = new NullBroker();

    @Test
    void acceptsEveryWrite_withIncreasingSeqsFrom1_evenWhatARealBrokerWouldRefuse() {
        RunId run = RunId.random();
        assertThat(broker.openRun(run, Map.of()).join()).isEqualTo(1);
        assertThat(broker.openRun(run, Map.of()).join()).isEqualTo(2);
        assertThat(broker.publish(run, Event.of("agent.signal", Map.of("blob", "x".repeat(1_000_000))))
                        .join())
                .isEqualTo(3);
        assertThat(broker.closeRun(run, RunOutcome.COMPLETE, Map.of()).join()).isEqualTo(4);
        assertThat(broker.publish(run, Event.of("agent.signal")).join()).isEqualTo(5);
        assertThat(broker.publish(RunId.random(), Event.of("agent.signal")).join())
                .isEqualTo(6);
        broker.flush(Duration.ZERO);
    }

    @Test
    void keepsNothing_everyReadAgreesTheRunDoesNotExist() {
        RunId run = RunId.random();
        broker.openRun(run, Map.of()).join();
        broker.publish(run, Event.of("agent.signal")).join();
        assertThat(broker.runs()).isEmpty();
        assertThat(broker.run(run)).isEmpty();
        assertThatThrownBy(() -> broker.subscribe(run, 1))
                .isInstanceOf(UnknownRunException.class)
                .hasMessageContaining(run.value());
        assertThatThrownBy(() -> broker.read(run, 1, 10)).isInstanceOf(UnknownRunException.class);
        assertThat(broker.metrics()).isEqualTo(BrokerMetrics.ZERO);
    }

    @Test
    void dropFlushAndClose_areHarmless_andCloseIsIdempotent() {
        broker.drop(RunId.random());
        broker.close();
        broker.close();
        assertThat(broker.backend()).isEqualTo("null");
    }

    @Test
    void seqsArePerBroker() {
        RunId run = RunId.random();
        new NullBroker().openRun(run, Map.of()).join();
        assertThat(new NullBroker().openRun(run, Map.of()).join()).isEqualTo(1);
    }
}
