package dev.arena.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.config.BrokerSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The broker contract against {@link BestEffortBroker} over the in-process backend: everything a
 * working broker does holds unchanged through the wrapper. The two rows about refused writes are
 * replaced by the publisher promise — the write is not thrown at the producer, it completes with
 * -1, is counted, and nothing is published — while reads still refuse an unknown run.
 */
class BestEffortBrokerContractTest extends BrokerContractTests {

    @Override
    protected EventBroker createBroker(BrokerSettings settings, Clock clock) {
        return new BestEffortBroker(new InProcessEventBroker(settings, clock));
    }

    @Test
    @Override
    void misuse_isRejectedWithClearErrors() {
        BestEffortBroker b = (BestEffortBroker) broker();
        RunId run = RunId.random();
        assertThat(seqOf(b.publish(run, Event.of("agent.signal")))).isEqualTo(-1);
        assertThatThrownBy(() -> b.subscribe(run, 1)).isInstanceOf(UnknownRunException.class);
        assertThat(seqOf(b.openRun(run, Map.of()))).isEqualTo(1);
        assertThat(seqOf(b.openRun(run, Map.of()))).isEqualTo(-1);
        assertThat(seqOf(b.closeRun(run, RunOutcome.COMPLETE, Map.of()))).isEqualTo(2);
        assertThat(seqOf(b.publish(run, Event.of("agent.signal")))).isEqualTo(-1);
        assertThat(seqOf(b.closeRun(run, RunOutcome.ERROR, Map.of()))).isEqualTo(-1);
        assertThat(b.read(run, 1, 10)).extracting(Envelope::kind).containsExactly("run.start", "run.complete");
        assertThat(b.failures()).isEqualTo(4);
    }

    @Test
    @Override
    void oversizedEnvelope_isRefused_andNothingIsPublished() {
        BestEffortBroker b =
                (BestEffortBroker) broker(BrokerSettings.DEFAULTS.withMaxEventBytes(1024), Clock.systemUTC());
        RunId run = RunId.random();
        seqOf(b.openRun(run, Map.of()));
        Event big = Event.of("agent.signal", Map.of("blob", "x".repeat(2000)));
        assertThat(seqOf(b.publish(run, big))).isEqualTo(-1);
        assertThat(b.isFailing()).isTrue();
        assertThat(seqOf(b.publish(run, Event.of("agent.signal", Map.of("small", true)))))
                .isEqualTo(2);
        assertThat(b.isFailing()).isFalse();
        b.flush(Duration.ofSeconds(10));
        assertThat(b.read(run, 1, 10)).hasSize(2);
        assertThat(b.failures()).isEqualTo(1);
    }
}
