package dev.arena.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SimulatedLlmTest {

    @Test
    void replies_dependOnlyOnTheSeed_notOnTheLatencyScale() throws InterruptedException {
        SimulatedLlm instant = new SimulatedLlm(9, 0, 0.2, () -> false);
        SimulatedLlm slow = new SimulatedLlm(9, 0.001, 0.2, () -> false);
        for (int i = 0; i < 20; i++) {
            assertThat(slow.complete("analyst-1", "p" + i)).isEqualTo(instant.complete("analyst-1", "p" + i));
        }
    }

    @Test
    void latency_isRealistic_between40msAnd8s() throws InterruptedException {
        SimulatedLlm llm = SimulatedLlm.instant(5);
        long total = 0;
        for (int i = 0; i < 200; i++) {
            LlmReply reply = llm.complete("critic-4", "prompt");
            assertThat(reply.latencyMs()).isBetween(40L, 8_000L);
            total += reply.latencyMs();
        }
        assertThat(total / 200).isBetween(300L, 1_500L);
    }

    @Test
    void stall_parksInsideComplete_untilInterrupted() throws InterruptedException {
        SimulatedLlm llm = new SimulatedLlm(1, 0, 0, () -> true);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread caller = new Thread(
                () -> {
                    try {
                        llm.complete("trader-3", "never answered");
                    } catch (Throwable t) {
                        outcome.set(t);
                    }
                    done.countDown();
                },
                "stalled-caller");
        caller.setDaemon(true);
        caller.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> caller.getState() == Thread.State.WAITING);
        assertThat(Arrays.stream(caller.getStackTrace()).map(StackTraceElement::toString))
                .anyMatch(frame -> frame.contains("dev.arena.sim.SimulatedLlm.complete("));
        caller.interrupt();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void interruptedCaller_getsInterruptedException_evenWithoutLatency() {
        SimulatedLlm llm = SimulatedLlm.instant(2);
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> llm.complete("scout-5", "x")).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void badSettings_areRejected() {
        assertThatThrownBy(() -> new SimulatedLlm(1, -1, 0, () -> false)).hasMessageContaining("latency scale");
        assertThatThrownBy(() -> new SimulatedLlm(1, 0, 2, () -> false)).hasMessageContaining("error rate");
    }
}
