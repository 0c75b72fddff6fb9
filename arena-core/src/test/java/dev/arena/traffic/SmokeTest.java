package dev.arena.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.broker.BrokerException;
import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.ForwardingBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.wire.RunStatus;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SmokeTest {

    private final InProcessEventBroker broker = new InProcessEventBroker();

    @AfterEach
    void close() {
        broker.close();
    }

    @Test
    void smoke_publishesOneCompleteRun_andReportsItsEventCount() throws InterruptedException {
        Smoke.Result result = new Smoke(broker, 11, 0).run();

        RunInfo info = broker.run(result.runId()).orElseThrow();
        assertThat(info.status()).isEqualTo(RunStatus.COMPLETE);
        assertThat(result.events()).isEqualTo(info.lastSeq()).isBetween(50L, 100L);
        List<Envelope> events = broker.read(result.runId(), 1, 1_000);
        assertThat(events).hasSize((int) result.events());
        assertThat(events.get(0).kind()).isEqualTo("run.start");
        assertThat(events.get(0).payload().get("producer").asText()).isEqualTo("smoke");
        assertThat(events.get(events.size() - 1).kind()).isEqualTo("run.complete");
        assertThat(events)
                .extracting(Envelope::kind)
                .contains(
                        "phase.start", "llm.call", "agent.signal", "decision.emit", "system.status", "phase.complete");
        assertThat(broker.metrics().runsOpen()).isZero();
    }

    @Test
    void strictSmoke_reportsNoFailures() throws InterruptedException {
        assertThat(new Smoke(broker, 5, 0).run().failed()).isZero();
    }

    @Test
    void bestEffortSmoke_onAWorkingBroker_isTheSameRun() throws InterruptedException {
        Smoke.Result result = Smoke.bestEffort(broker, 11, 0).run();

        RunInfo info = broker.run(result.runId()).orElseThrow();
        assertThat(info.status()).isEqualTo(RunStatus.COMPLETE);
        assertThat(result.events()).isEqualTo(info.lastSeq()).isBetween(50L, 100L);
        assertThat(result.failed()).isZero();
    }

    @Test
    void bestEffortSmoke_whosePublishesFail_runsToTheEnd_countingTheFailures() throws InterruptedException {
        AtomicInteger publishes = new AtomicInteger();
        EventBroker flaky = new ForwardingBroker(broker) {
            @Override
            public CompletableFuture<Long> publish(RunId run, Event event) {
                if (publishes.incrementAndGet() % 2 == 0) {
                    throw new BrokerException("Redis at localhost:6379 is unreachable");
                }
                return super.publish(run, event);
            }
        };

        Smoke.Result result = Smoke.bestEffort(flaky, 11, 0).run();

        assertThat(result.failed()).isEqualTo(publishes.get() / 2).isPositive();
        assertThat(result.events() + result.failed()).isEqualTo(publishes.get() + 2);
        RunInfo info = broker.run(result.runId()).orElseThrow();
        assertThat(info.status()).isEqualTo(RunStatus.COMPLETE);
        assertThat(info.lastSeq()).isEqualTo(result.events());
    }

    @Test
    void strictSmoke_whosePublishFails_throws_andClosesTheRunAsError() {
        EventBroker broken = new ForwardingBroker(broker) {
            @Override
            public CompletableFuture<Long> publish(RunId run, Event event) {
                return CompletableFuture.failedFuture(new BrokerException("Redis at localhost:6379 is unreachable"));
            }
        };
        assertThatThrownBy(() -> new Smoke(broken, 11, 0).run())
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining("unreachable");
        assertThat(broker.runs()).singleElement().extracting(RunInfo::status).isEqualTo(RunStatus.ERROR);
    }

    @Test
    void interruptedSmoke_closesItsRunCancelled() {
        Thread.currentThread().interrupt();
        try {
            new Smoke(broker, 1, 0).run();
        } catch (InterruptedException expected) {
            // the first simulated model call notices the interrupt
        }
        assertThat(broker.runs()).singleElement().extracting(RunInfo::status).isEqualTo(RunStatus.CANCELLED);
    }
}
