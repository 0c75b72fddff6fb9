package dev.arena.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.config.BrokerSettings;
import dev.arena.wire.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The publisher promise against a broker that breaks: the producer never sees the failure; it is counted and logged once per streak. */
class BestEffortBrokerTest {

    private final InProcessEventBroker real = new InProcessEventBroker(BrokerSettings.DEFAULTS, Clock.systemUTC());
    private final Outage outage = new Outage(real);
    private final BestEffortBroker broker = new BestEffortBroker(outage);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger log = (Logger) LoggerFactory.getLogger(BestEffortBroker.class);

    /** A broker whose writes fail while {@code down}: thrown at once, or through the future. */
    private static final class Outage extends ForwardingBroker {
        volatile boolean down;
        volatile boolean throwAtOnce = true;

        Outage(EventBroker delegate) {
            super(delegate);
        }

        private CompletableFuture<Long> write(Supplier<CompletableFuture<Long>> call) {
            if (!down) {
                return call.get();
            }
            BrokerException failure = new BrokerException("Redis at localhost:6379 is unreachable");
            if (throwAtOnce) {
                throw failure;
            }
            return CompletableFuture.failedFuture(failure);
        }

        @Override
        public CompletableFuture<Long> openRun(RunId run, Object startPayload) {
            return write(() -> super.openRun(run, startPayload));
        }

        @Override
        public CompletableFuture<Long> publish(RunId run, Event event) {
            return write(() -> super.publish(run, event));
        }

        @Override
        public CompletableFuture<Long> closeRun(RunId run, RunOutcome outcome, Object payload) {
            return write(() -> super.closeRun(run, outcome, payload));
        }

        @Override
        public void flush(Duration timeout) {
            if (down) {
                throw new BrokerException("flush not confirmed within " + timeout);
            }
            super.flush(timeout);
        }

        @Override
        public void close() {
            super.close();
            if (down) {
                throw new BrokerException("close failed");
            }
        }
    }

    @BeforeEach
    void capture() {
        logged.start();
        log.addAppender(logged);
    }

    @AfterEach
    void release() {
        log.detachAppender(logged);
        real.close();
    }

    private static long seq(CompletableFuture<Long> f) {
        return f.orTimeout(10, TimeUnit.SECONDS).join();
    }

    private List<ILoggingEvent> at(Level level) {
        return logged.list.stream().filter(e -> e.getLevel() == level).toList();
    }

    @Test
    void writesThatThrowAtOnce_neverReachTheProducer_completeWithMinusOne_andAreCounted() {
        RunId run = RunId.random();
        outage.down = true;
        assertThat(seq(broker.openRun(run, Map.of()))).isEqualTo(-1);
        assertThat(seq(broker.publish(run, Event.of("agent.signal")))).isEqualTo(-1);
        assertThat(seq(broker.closeRun(run, RunOutcome.COMPLETE, Map.of()))).isEqualTo(-1);
        broker.flush(Duration.ofMillis(10));
        assertThat(broker.failures()).isEqualTo(4);
        assertThat(broker.isFailing()).isTrue();
        assertThat(real.run(run)).isEmpty();
    }

    @Test
    void writesThatFailThroughTheFuture_completeWithMinusOne() {
        RunId run = RunId.random();
        outage.down = true;
        outage.throwAtOnce = false;
        assertThat(seq(broker.openRun(run, Map.of()))).isEqualTo(-1);
        assertThat(seq(broker.publish(run, Event.of("agent.signal")))).isEqualTo(-1);
        assertThat(broker.failures()).isEqualTo(2);
    }

    @Test
    void aFailureStreak_isLoggedOnceWhenItStarts_andOnceWhenItEnds() {
        RunId run = RunId.random();
        seq(broker.openRun(run, Map.of()));
        outage.down = true;
        for (int i = 0; i < 5; i++) {
            seq(broker.publish(run, Event.of("agent.signal")));
        }
        assertThat(at(Level.WARN)).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                .contains("event publishing failed (agent.signal for run " + run + ")")
                .contains("unreachable"));
        outage.down = false;
        assertThat(seq(broker.publish(run, Event.of("agent.signal")))).isEqualTo(2);
        assertThat(broker.isFailing()).isFalse();
        assertThat(at(Level.INFO)).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                .contains("recovered"));
        assertThat(broker.failures()).isEqualTo(5);
    }

    @Test
    void successfulWrites_passSeqsThrough_andReadsSeeThem() {
        RunId run = RunId.random();
        assertThat(seq(broker.openRun(run, Map.of()))).isEqualTo(1);
        assertThat(seq(broker.publish(run, Event.of("agent.signal")))).isEqualTo(2);
        assertThat(seq(broker.closeRun(run, RunOutcome.COMPLETE, Map.of()))).isEqualTo(3);
        assertThat(broker.read(run, 1, 10))
                .extracting(Envelope::kind)
                .containsExactly("run.start", "agent.signal", "run.complete");
        assertThat(broker.run(run)).get().extracting(RunInfo::status).isEqualTo(RunStatus.COMPLETE);
        assertThat(broker.runs()).extracting(RunInfo::runId).contains(run);
        assertThat(broker.backend()).isEqualTo("inprocess");
        assertThat(broker.failures()).isZero();
        assertThat(logged.list).isEmpty();
    }

    @Test
    void reads_areNotGuarded_theirFailuresReachTheReader() {
        assertThatThrownBy(() -> broker.subscribe(RunId.random(), 1)).isInstanceOf(UnknownRunException.class);
        assertThatThrownBy(() -> broker.read(RunId.random(), 1, 10)).isInstanceOf(UnknownRunException.class);
    }

    @Test
    void closingABrokenBroker_neverThrows() {
        outage.down = true;
        broker.close();
        assertThat(broker.failures()).isEqualTo(1);
    }
}
