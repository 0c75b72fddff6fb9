package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.time.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ShutdownSequenceTest {

    @Test
    void overrunningStep_isBounded_counted_andTheSequenceMovesOn() throws Exception {
        ShutdownSequence seq = new ShutdownSequence(new ManualTicker());
        CountDownLatch never = new CountDownLatch(1);
        List<String> ran = new ArrayList<>();
        try {
            // the step blocks until `never` counts down (after the sequence): returning at all is the bound
            assertThat(seq.step("stuck step", Duration.ofMillis(200), never::await))
                    .isFalse();
            assertThat(seq.step("failing step", Duration.ofSeconds(5), () -> {
                        throw new IllegalStateException("boom");
                    }))
                    .isFalse();
            assertThat(seq.step("fine step", Duration.ofSeconds(5), () -> ran.add("fine")))
                    .isTrue();
            assertThat(ran).containsExactly("fine");
            assertThat(seq.overruns()).isEqualTo(2);
        } finally {
            never.countDown();
        }
    }
}
