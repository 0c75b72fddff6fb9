package dev.arena.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.arena.broker.RunId;
import dev.arena.broker.UnknownRunException;
import dev.arena.error.BackendUnavailableException;
import dev.arena.error.Fault;
import dev.arena.time.ManualTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BoundedRepliesTest {

    private final ManualTicker ticker = new ManualTicker();
    private final BoundedReplies replies = new BoundedReplies(
            "Redis",
            Duration.ofMillis(50),
            ticker,
            failure -> BoundedReplies.rootMessage(failure) + "; check that redis-server is running");

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void awaitReturnsTheReply() {
        assertThat(replies.await("GET k", CompletableFuture.completedFuture("v")))
                .isEqualTo("v");
    }

    @Test
    void noReplyInTimeIsBackendUnavailableNamingTheCommandAndTheBound() {
        assertThatThrownBy(() -> replies.await("XRANGE arena:run:r:events", new CompletableFuture<String>()))
                .isInstanceOfSatisfying(BackendUnavailableException.class, e -> {
                    assertThat(e.fault()).isEqualTo(Fault.UNAVAILABLE);
                    assertThat(e.backend()).isEqualTo("Redis");
                })
                .hasMessage(
                        "Redis: XRANGE arena:run:r:events failed: no reply within 50 ms; check that redis-server is running")
                .hasCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void interruptedWaitIsBackendUnavailableAndKeepsTheInterruptFlag() {
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> replies.await("SCAN", new CompletableFuture<String>()))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("interrupted while waiting for Redis (SCAN)")
                .hasCauseInstanceOf(InterruptedException.class);
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    @Test
    void failedReplyIsBackendUnavailableWithTheCauseChained() {
        IOException reset = new IOException("Connection reset by peer");
        assertThatThrownBy(() ->
                        replies.await("PTTL k", CompletableFuture.failedFuture(new RuntimeException("wrapped", reset))))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessage("Redis: PTTL k failed: Connection reset by peer; check that redis-server is running")
                .hasRootCause(reset);
    }

    @Test
    void cancelledReplyIsBackendUnavailable() {
        CompletableFuture<String> cancelled = new CompletableFuture<>();
        cancelled.cancel(true);
        assertThatThrownBy(() -> replies.await("GET k", cancelled)).isInstanceOf(BackendUnavailableException.class);
    }

    @Test
    void aFailureThatIsAlreadyArenasOwnIsRethrownAsItIs() {
        UnknownRunException unknown = new UnknownRunException(RunId.random());
        assertThatThrownBy(() -> replies.await("publish", CompletableFuture.failedFuture(unknown)))
                .isSameAs(unknown);
    }

    @Test
    void aBatchSharesOneDeadlineYetReadsRepliesThatAlreadyCame() {
        BoundedReplies hourly = new BoundedReplies("Redis", Duration.ofHours(1), ticker);
        BoundedReplies.Batch batch = hourly.batch();
        ticker.advance(Duration.ofHours(1));
        assertThat(batch.await("HMGET meta", CompletableFuture.completedFuture("m")))
                .isEqualTo("m");
        // The deadline passed on the ticker, so a missing reply fails at once instead of waiting another hour.
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(
                        () -> batch.await("PTTL", new CompletableFuture<Long>()))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("PTTL failed: no reply within 3600000 ms"));
    }

    @Test
    void theMessageNamesTheBackendOnlyOnce() {
        BackendUnavailableException e =
                new BackendUnavailableException("Redis", "cannot reach Redis at redis://h:1", null);
        assertThat(e.getMessage()).isEqualTo("cannot reach Redis at redis://h:1");
        assertThat(new BackendUnavailableException("the broker", "publish failed", null).getMessage())
                .isEqualTo("the broker: publish failed");
    }

    @Test
    void aTimeoutThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> new BoundedReplies("Redis", Duration.ZERO, ticker))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT0S");
    }
}
