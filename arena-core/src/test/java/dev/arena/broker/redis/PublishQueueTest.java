package dev.arena.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.broker.BrokerException;
import dev.arena.broker.RunId;
import dev.arena.time.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PublishQueueTest {

    private final LocalCounters counters = new LocalCounters();
    private final ManualTicker ticker = new ManualTicker();
    private final PublishQueue queue =
            new PublishQueue(3, Duration.ofSeconds(5), "redis://:***@host:6379/0", counters, ticker);
    private final RunState run = new RunState(RunId.random());

    private PendingPublish publish() {
        return publishAcceptedAt(ticker.nanos());
    }

    private PendingPublish publishAcceptedAt(long nanos) {
        PendingPublish p = pendingAt(nanos);
        queue.submit(p);
        return p;
    }

    private PendingPublish pendingAt(long nanos) {
        return new PendingPublish(run, ",\"kind\":\"x\"}", false, null, null, null, nanos);
    }

    @Test
    void whileRedisIsAway_aFullQueueRefusesAtOnce_namingTheBoundAndTheMaskedUrl() {
        queue.linkDown("Connection refused");
        List<PendingPublish> accepted = List.of(publish(), publish(), publish());
        PendingPublish refused = publish();
        assertThat(accepted).allSatisfy(p -> assertThat(p.future).isNotDone());
        assertThat(refused.future).isCompletedExceptionally();
        assertThatThrownBy(refused.future::join)
                .hasCauseInstanceOf(BrokerException.class)
                .hasMessageContaining("queue bound is 3")
                .hasMessageContaining("redis://:***@host:6379/0")
                .hasMessageContaining("Connection refused")
                .hasMessageContaining("NOT written");
        assertThat(counters.publishFailures.sum()).isEqualTo(1);
    }

    @Test
    void whileConnected_aFullQueueMakesThePublisherWait_untilTheWriterMakesRoom() throws Exception {
        queue.linkUp();
        publish();
        publish();
        publish();
        CompletableFuture<PendingPublish> fourth = CompletableFuture.supplyAsync(this::publish);
        List<PendingPublish> drained = new ArrayList<>();
        queue.drainAll(drained);
        assertThat(drained).hasSize(3);
        assertThat(fourth).isNotDone();
        queue.settle(1);
        assertThat(fourth.get(5, TimeUnit.SECONDS).future).isNotDone(); // accepted, waiting for Redis
        assertThat(counters.publishFailures.sum()).isZero();
    }

    @Test
    void whileConnected_aPublishStillWaitingForRoomAfterTheWaitBound_isRefusedAsSlow() throws Exception {
        queue.linkUp();
        publish();
        publish();
        publish();
        PendingPublish fourth = pendingAt(ticker.nanos());
        CompletableFuture<Void> submitted = CompletableFuture.runAsync(() -> queue.submit(fourth));
        ticker.advance(Duration.ofSeconds(5));
        queue.settle(0); // any writer progress wakes the waiting publisher, which then finds its bound spent
        submitted.get(5, TimeUnit.SECONDS);
        assertThat(fourth.future).isCompletedExceptionally();
        assertThatThrownBy(fourth.future::join)
                .hasCauseInstanceOf(BrokerException.class)
                .hasMessageContaining("connected but slow")
                .hasMessageContaining("NOT written");
        assertThat(counters.publishFailures.sum()).isEqualTo(1);
    }

    @Test
    void flush_waitsForEverythingAcceptedBefore_andTimesOutNamingWhatIsLeft() throws Exception {
        queue.linkUp();
        publish();
        publish();
        assertThatThrownBy(() -> queue.flush(Duration.ofMillis(50)))
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining("2 publishes not yet confirmed");
        CompletableFuture<Void> flushed = CompletableFuture.runAsync(() -> queue.flush(Duration.ofSeconds(5)));
        queue.settle(2);
        flushed.get(5, TimeUnit.SECONDS);
    }

    @Test
    void overduePublishesAreTakenOldestFirst_andAClosedQueueRefuses() {
        long now = ticker.nanos();
        PendingPublish old = publishAcceptedAt(now - 2_000_000);
        PendingPublish young = publishAcceptedAt(now);
        assertThat(queue.takeOverdue(young.acceptedNanos)).containsExactly(old);
        assertThat(queue.takeAll()).containsExactly(young);
        queue.close();
        assertThatThrownBy(this::publish).isInstanceOf(BrokerException.class).hasMessageContaining("closed");
    }
}
