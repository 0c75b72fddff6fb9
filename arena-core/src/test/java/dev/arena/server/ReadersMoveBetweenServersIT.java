package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import dev.arena.config.BrokerSettings;
import dev.arena.fixture.ServerFixture;
import dev.arena.fixture.TestBackend;
import dev.arena.fixture.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Readers move between servers: real servers over one private Redis (or Redis Cluster); a reader whose server shuts
 * down (SIGTERM's orderly path) reconnects to another with {@code Last-Event-ID} and gets the rest
 * with no gap and no duplicate, including across a rolling restart while a producer publishes.
 */
class ReadersMoveBetweenServersIT {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    @TempDir
    Path dir;

    private final OkHttpClient client =
            new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(20)).build();

    private ServerFixture server(String name) throws Exception {
        return server(TestBackend.REDIS, name);
    }

    private ServerFixture server(TestBackend backend, String name) throws Exception {
        EventBroker broker = servers.broker(backend, BrokerSettings.DEFAULTS);
        Map<String, String> env = new HashMap<>();
        env.put("ARENA_BROKER_BACKEND", "redis");
        env.put(
                "REDIS_URL",
                backend == TestBackend.REDIS_CLUSTER
                        ? servers.cluster().seedUrl()
                        : servers.redis().url());
        env.put("ARENA_DB", dir.resolve(name + ".duckdb").toString());
        return servers.start(broker, env, b -> {});
    }

    private SseRecorder read(String serverUrl, RunId run, long lastEventId) {
        Request.Builder rb = new Request.Builder().url(serverUrl + "/events?run_id=" + run);
        if (lastEventId > 0) {
            rb.header("Last-Event-ID", Long.toString(lastEventId));
        }
        return SseRecorder.open(client, rb.build());
    }

    private static List<Long> seqs(List<SseRecorder.Item> events) {
        return events.stream()
                .filter(e -> !"end".equals(e.event()) && !"resumed".equals(e.event()))
                .map(e -> Long.parseLong(e.id()))
                .toList();
    }

    @ParameterizedTest
    @EnumSource(
            value = TestBackend.class,
            names = {"REDIS", "REDIS_CLUSTER"})
    void readerOnAServerThatShutsDown_reconnectsToThePeerWithLastEventId_noGapNoDuplicate(TestBackend backend)
            throws Exception {
        ServerFixture a = server(backend, "a");
        ServerFixture b = server(backend, "b");
        EventBroker producer = servers.broker(backend, BrokerSettings.DEFAULTS);
        RunId run = Runs.open(producer, 9); // seq 1..10

        SseRecorder onA = read(a.server.url(), run, 0);
        onA.assertOpen();
        List<SseRecorder.Item> first = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            first.add(onA.assertEvent());
        }
        a.close(); // the orderly shutdown SIGTERM runs: streams end with a final comment
        first.addAll(onA.eventsUntilClosed());
        assertThat(first).noneMatch(e -> "end".equals(e.event()));
        long k = seqs(first).get(first.size() - 1);
        assertThat(seqs(first))
                .containsExactlyElementsOf(LongStream.rangeClosed(1, k).boxed().toList());

        Runs.publish(producer, run, 20); // seq 11..30 while the reader is away
        SseRecorder onB = read(b.server.url(), run, k);
        onB.assertOpen();
        Runs.publish(producer, run, 5); // 31..35 live
        producer.closeRun(run, RunOutcome.COMPLETE, Map.of("winner", "a"))
                .orTimeout(10, TimeUnit.SECONDS)
                .join(); // 36
        List<SseRecorder.Item> rest = onB.eventsUntilClosed();
        assertThat(rest.get(0).event()).isEqualTo("resumed");
        assertThat(rest.get(0).data())
                .as("the peer says it continues exactly after the last id")
                .isEqualTo("{\"from_seq\":" + (k + 1) + ",\"resumed\":true,\"available_from\":" + (k + 1) + "}");

        List<Long> all = new ArrayList<>(seqs(first));
        all.addAll(seqs(rest));
        assertThat(all)
                .as("no gap, no duplicate across the move")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 36).boxed().toList());
        assertThat(rest.get(rest.size() - 1).event()).isEqualTo("end");
        assertThat(rest.get(rest.size() - 2).event()).isEqualTo("run.complete");
    }

    /**
     * A reader that follows a run to its {@code end}: when its stream ends or its server is gone it
     * reconnects to the next live server with the last id it saw. Records every seq it received.
     */
    private final class Follower {
        final List<Long> seen = new CopyOnWriteArrayList<>();
        final AtomicInteger reconnects = new AtomicInteger();
        volatile boolean ended;

        CompletableFuture<Void> follow(RunId run, List<String> liveUrls) {
            return CompletableFuture.runAsync(() -> {
                int next = 0;
                while (!ended) {
                    List<String> live = List.copyOf(liveUrls);
                    String url = live.get(next++ % live.size());
                    long last = seen.isEmpty() ? 0 : seen.get(seen.size() - 1);
                    SseRecorder sse = read(url, run, last);
                    try {
                        while (true) {
                            SseRecorder.Item item = sse.next();
                            if (item.type().equals(SseRecorder.Item.EVENT)) {
                                if ("end".equals(item.event())) {
                                    ended = true;
                                } else if (!"resumed".equals(item.event())) {
                                    seen.add(Long.parseLong(item.id()));
                                }
                            } else if (!item.type().equals(SseRecorder.Item.OPEN)) {
                                break; // closed by a shutdown, or the server is already gone
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } finally {
                        sse.cancel();
                    }
                    if (!ended) {
                        reconnects.incrementAndGet();
                    }
                }
            });
        }
    }

    @Test
    void rollingRestartWhileAProducerPublishes_readersMissNothing() throws Exception {
        ServerFixture a = server("a");
        ServerFixture b = server("b");
        List<String> live = new CopyOnWriteArrayList<>(List.of(a.server.url(), b.server.url()));
        EventBroker producer = servers.broker(TestBackend.REDIS, BrokerSettings.DEFAULTS);
        RunId run = Runs.open(producer, 0);
        List<Follower> readers = new ArrayList<>();
        List<CompletableFuture<Void>> following = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Follower f = new Follower();
            readers.add(f);
            following.add(f.follow(run, live));
        }

        Runs.publish(producer, run, 50);
        live.remove(a.server.url());
        a.close();
        Runs.publish(producer, run, 50);
        ServerFixture a2 = server("a2");
        live.add(a2.server.url());
        Runs.publish(producer, run, 50);
        live.remove(b.server.url());
        b.close();
        Runs.publish(producer, run, 50);
        ServerFixture b2 = server("b2");
        live.add(b2.server.url());
        Runs.publish(producer, run, 50);
        producer.closeRun(run, RunOutcome.COMPLETE, Map.of())
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
        long last = 1 + 250 + 1;

        CompletableFuture.allOf(following.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        int moved = 0;
        for (Follower f : readers) {
            assertThat(f.ended).isTrue();
            assertThat(f.seen)
                    .as("events missed or repeated by a reader across the rolling restart")
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, last).boxed().toList());
            moved += f.reconnects.get();
        }
        assertThat(moved).as("readers on the restarted servers moved").isPositive();
    }
}
