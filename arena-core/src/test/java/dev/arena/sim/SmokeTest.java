package dev.arena.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.Envelope;
import dev.arena.broker.RunInfo;
import dev.arena.broker.RunStatus;
import dev.arena.broker.inprocess.InProcessEventBroker;
import java.util.List;
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
        assertThat(events).extracting(Envelope::kind).contains("phase.start", "llm.call", "agent.signal",
                "decision.emit", "system.status", "phase.complete");
        assertThat(broker.metrics().runsOpen()).isZero();
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
