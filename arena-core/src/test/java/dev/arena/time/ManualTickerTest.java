package dev.arena.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ManualTickerTest {

    @Test
    void sleepingMovesTimeByTheRequestedDurationAndRecordsIt() throws InterruptedException {
        ManualTicker ticker = new ManualTicker();
        long start = ticker.nanos();
        ticker.sleep(Duration.ofSeconds(3));
        ticker.advance(Duration.ofMillis(250));
        assertThat(ticker.since(start)).isEqualTo(Duration.ofMillis(3250));
        assertThat(ticker.sleeps()).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void pauseOnAnInterruptedThreadReturnsFalseAndKeepsTheFlag() {
        ManualTicker ticker = new ManualTicker();
        Thread.currentThread().interrupt();
        try {
            assertThat(ticker.pause(Duration.ofSeconds(1))).isFalse();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void theSystemTickerSleepsAtLeastTheRequestedTime() throws InterruptedException {
        Ticker ticker = Ticker.system();
        long start = ticker.nanos();
        ticker.sleep(Duration.ofMillis(20));
        assertThat(ticker.since(start)).isGreaterThanOrEqualTo(Duration.ofMillis(20));
        assertThatThrownBy(() -> {
                    Thread.currentThread().interrupt();
                    ticker.sleep(Duration.ofSeconds(5));
                })
                .isInstanceOf(InterruptedException.class);
    }
}
