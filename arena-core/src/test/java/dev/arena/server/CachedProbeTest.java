package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arena.time.ManualTicker;
import dev.arena.wire.DependencyStatus;
import dev.arena.wire.Readiness;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A readiness check is reused while fresh, never runs twice at once, and a caller waits for it at most its bound,
 * then reads {@code down} while the check goes on.
 */
class CachedProbeTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ManualTicker ticker = new ManualTicker();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aResult_isReusedWhileFresh_andCheckedAgainAfter() {
        AtomicInteger runs = new AtomicInteger();
        CachedProbe probe = new CachedProbe(
                () -> "answered " + runs.incrementAndGet(),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                ticker,
                executor);
        assertThat(probe.current().detail()).isEqualTo("answered 1");
        ticker.advance(Duration.ofMillis(1500));
        Readiness.Dependency cached = probe.current();
        assertThat(cached.detail()).isEqualTo("answered 1");
        assertThat(cached.checkedMsAgo()).isEqualTo(1500);
        ticker.advance(Duration.ofMillis(600));
        assertThat(probe.current().detail()).isEqualTo("answered 2");
    }

    @Test
    void aHangingCheck_isDownAfterTheBound_runsOnceForEveryCaller_andIsOkOnceItAnswers() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        CachedProbe probe = new CachedProbe(
                () -> {
                    runs.incrementAndGet();
                    release.await();
                    return "answered late";
                },
                Duration.ofSeconds(2),
                Duration.ofMillis(50),
                ticker,
                executor);
        Readiness.Dependency first = probe.current();
        Readiness.Dependency second = probe.current();
        assertThat(first.status()).isEqualTo(DependencyStatus.DOWN);
        assertThat(first.detail()).isEqualTo("no answer within 50 ms (still checking)");
        assertThat(second.status()).isEqualTo(DependencyStatus.DOWN);
        assertThat(runs.get()).as("the second caller waited on the first check").isLessThanOrEqualTo(1);

        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> probe.current().status() == DependencyStatus.OK);
        assertThat(probe.current().detail()).isEqualTo("answered late");
        assertThat(runs).hasValue(1);
    }

    @Test
    void aFailingCheck_isDown_withWhatItSaid() {
        CachedProbe probe = new CachedProbe(
                () -> {
                    throw new IllegalStateException("the store did not answer a query");
                },
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                ticker,
                executor);
        Readiness.Dependency down = probe.current();
        assertThat(down.status()).isEqualTo(DependencyStatus.DOWN);
        assertThat(down.detail()).isEqualTo("the store did not answer a query");
    }
}
