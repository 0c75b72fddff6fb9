package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arena.auth.ReaderGrant;
import dev.arena.broker.Envelope;
import dev.arena.broker.RunId;
import dev.arena.time.ManualTicker;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hub's heartbeats and stall eviction run on its ticker, so a test moves time instead of
 * waiting for it; its bounded close wakes when the last stream ends.
 */
class SseHubTest {

    private static final Duration STALL = Duration.ofSeconds(10);
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final ManualTicker ticker = new ManualTicker();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private SseHub hub;
    private final ReaderDrops drops = new ReaderDrops();

    @AfterEach
    void close() {
        hub.close();
        pool.shutdownNow();
    }

    /** The hub under test; ticks every 10 ms of real time, so the ticker alone decides what is due. */
    private SseHub hub(Duration heartbeat, Duration stall) {
        hub = new SseHub(
                pool,
                Clock.systemUTC(),
                ticker,
                heartbeat,
                stall,
                64 * 1024,
                Duration.ZERO,
                new DeliveryLag(new PrometheusMetrics("test", "inprocess").deliveryLag(), Clock.systemUTC()),
                drops);
        return hub;
    }

    @Test
    void aClientWhoseWriteStaysUnconfirmedPastTheStallTimeout_isEvicted_onceTheTickerPassesIt() throws Exception {
        hub(Duration.ofMillis(40), Duration.ofMillis(40));
        FakeResponse client = new FakeResponse(false);
        CompletableFuture<Void> ended = open(client);
        await().atMost(Duration.ofSeconds(5)).until(() -> client.writes.size() == 1);
        assertThat(ended).as("no ticker time has passed").isNotDone();

        ticker.advance(Duration.ofMillis(41));

        await().atMost(Duration.ofSeconds(5)).until(ended::isDone);
        assertThat(ended).isCompletedExceptionally();
        assertThat(hub.size()).isZero();
        assertThat(drops.sse().value()).as("streams_dropped{transport=sse}").isEqualTo(1);
        assertThat(drops.ws().value()).isZero();
    }

    @Test
    void aQuietStream_getsAHeartbeatComment_onceTheTickerPassesTheHeartbeat() {
        hub(Duration.ofMillis(40), Duration.ofMinutes(1));
        FakeResponse client = new FakeResponse(true);
        open(client);
        await().atMost(Duration.ofSeconds(5)).until(() -> client.writes.size() == 1);

        ticker.advance(Duration.ofMillis(40));

        await().atMost(Duration.ofSeconds(5)).until(() -> client.writes.size() == 2);
        assertThat(client.writes.get(1)).startsWith(": heartbeat ");
    }

    @Test
    void close_returnsAsSoonAsTheLastStreamEnds_andFalseWhenItOutlivesTheBound() throws Exception {
        hub(HEARTBEAT, STALL);
        FakeResponse finishing = new FakeResponse(true);
        CompletableFuture<Void> ended = open(finishing);
        await().atMost(Duration.ofSeconds(5)).until(() -> finishing.writes.size() == 1);

        assertThat(hub.close(Duration.ofMinutes(1))).isTrue();
        assertThat(ended).isCompleted();
        assertThat(finishing.writes.get(1)).isEqualTo(": server shutting down\n\n");

        hub(HEARTBEAT, STALL);
        FakeResponse hanging = new FakeResponse(true);
        open(hanging);
        await().atMost(Duration.ofSeconds(5)).until(() -> hanging.writes.size() == 1);
        hanging.confirm = false; // the final write is never confirmed
        assertThat(hub.close(Duration.ofMillis(50))).isFalse();
        assertThat(hub.size()).isEqualTo(1);
    }

    private CompletableFuture<Void> open(FakeResponse client) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        hub.open(
                RunId.random(),
                1,
                false,
                new QuietSource(),
                client.proxy(),
                Callback.from(() -> ended.complete(null), ended::completeExceptionally),
                "test client",
                ReaderGrant.open());
        return ended;
    }

    /** A source with nothing to send yet. */
    private static final class QuietSource implements StreamSource {
        @Override
        public Envelope poll() {
            return null;
        }

        @Override
        public boolean isFinished() {
            return false;
        }

        @Override
        public void onReady(Runnable callback) {}

        @Override
        public void evict() {}

        @Override
        public void close() {}
    }

    /** A Jetty response that records each write and confirms it at once, or never. */
    private static final class FakeResponse {
        final List<String> writes = new CopyOnWriteArrayList<>();
        volatile boolean confirm;

        FakeResponse(boolean confirm) {
            this.confirm = confirm;
        }

        Response proxy() {
            return (Response) Proxy.newProxyInstance(
                    Response.class.getClassLoader(), new Class<?>[] {Response.class}, (self, method, args) -> {
                        if (method.getName().equals("write") && args != null && args.length == 3) {
                            writes.add(StandardCharsets.UTF_8
                                    .decode((ByteBuffer) args[1])
                                    .toString());
                            if (confirm) {
                                ((Callback) args[2]).succeeded();
                            }
                            return null;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
