package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.Envelope;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.config.BrokerSettings;
import dev.arena.fixture.ServerFixture;
import dev.arena.fixture.TestBackend;
import dev.arena.fork.ForkService;
import dev.arena.store.RunStore;
import dev.arena.store.StoredRun;
import dev.arena.testkit.MutableClock;
import dev.arena.testkit.PrivateRedis;
import dev.arena.testkit.PrivateRedisCluster;
import dev.arena.time.Ticker;
import dev.arena.wire.RunStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Request;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** History survives a restart (cold path from DuckDB); shutdown cancels forks and leaves DuckDB consistent. */
class RestartAndShutdownIT {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    @RegisterExtension
    static final PrivateRedisCluster cluster = new PrivateRedisCluster();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void coldPath_afterRestart_streamsFinishedRunFromDuckDb(TestBackend backend) throws Exception {
        RunId run;
        List<Envelope> original;
        try (EventBroker first = backend.create(BrokerSettings.DEFAULTS, redis::server, cluster::cluster);
                ServerFixture fx = ServerFixture.start(first, dir)) {
            run = Runs.finished(first, 30);
            original = first.read(run, 1, 100);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> fx.get("/runs/" + run).json().path("persisted").asBoolean());
        }
        redis.server().flushAll();
        cluster.cluster().flushAll();
        try (EventBroker fresh = backend.create(BrokerSettings.DEFAULTS, redis::server, cluster::cluster);
                ServerFixture fx = ServerFixture.start(fresh, dir)) {
            assertThat(fresh.run(run)).isEmpty();
            JsonNode listed = fx.get("/runs").json().get(0);
            assertThat(listed.path("run_id").asText()).isEqualTo(run.value());
            assertThat(listed.path("source").asText()).isEqualTo("archive");

            List<SseRecorder.Item> events = SseRecorder.assertReplaysThenEnds(fx, run, original);
            assertThat(events.get(32).data()).contains("\"status\":\"complete\"");

            SseRecorder tail = SseRecorder.open(
                    fx.http,
                    new Request.Builder()
                            .url(fx.url("/events?run_id=" + run))
                            .header("Last-Event-ID", "29")
                            .build());
            tail.assertOpen();
            assertThat(tail.eventsUntilClosed())
                    .extracting(SseRecorder.Item::event)
                    .containsExactly("resumed", "agent.signal", "agent.signal", "run.complete", "end");
            assertThat(fx.call(new Request.Builder()
                                    .url(fx.url("/events?run_id=" + run))
                                    .header("Last-Event-ID", "32")
                                    .build())
                            .status())
                    .isEqualTo(204);
        }
    }

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void shutdown_cancelsForksClosingTheirRunsCancelled_andLeavesDuckDbConsistent(TestBackend backend)
            throws Exception {
        MutableClock clock = MutableClock.startingNow();
        RunId parent;
        RunId stalledChild;
        RunId producerRun;
        try (EventBroker broker = backend.create(BrokerSettings.DEFAULTS, redis::server, cluster::cluster)) {
            ForkService forks = new ForkService(broker, clock, Ticker.system(), Duration.ofSeconds(60), true, 0.0, 2);
            ServerFixture fx = ServerFixture.start(broker, dir, ServerFixture.env(dir), b -> b.forkService(forks)
                    .allowFaultInjection(true));
            parent = Runs.finished(broker, 8);
            producerRun = Runs.open(broker, 3);
            ServerFixture.Answer a =
                    fx.post("/forks", "{\"parent_run_id\":\"" + parent + "\",\"scenario\":{\"stall_at_seq\":14}}");
            assertThat(a.status()).as(a.body()).isEqualTo(202);
            stalledChild = RunId.parse(a.json().path("child_run_id").asText());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> forks.tasks().get(0).stack().toString().contains("SimulatedLlm"));
            SseRecorder watcher = SseRecorder.open(
                    fx.http,
                    new Request.Builder()
                            .url(fx.url("/events?run_id=" + stalledChild))
                            .build());
            watcher.assertOpen();

            fx.close(); // returns although the fork is stalled (how long it takes: TimeBudgetBench)

            List<SseRecorder.Item> seen = new ArrayList<>();
            SseRecorder.Item item;
            do {
                item = watcher.next();
                seen.add(item);
            } while (item.type().equals(SseRecorder.Item.EVENT));
            assertThat(seen).extracting(SseRecorder.Item::event).contains("run.cancelled", "end");
            assertThat(broker.run(stalledChild)).get().satisfies(r -> assertThat(r.status())
                    .isEqualTo(RunStatus.CANCELLED));
            assertThat(broker.run(producerRun)).get().satisfies(r -> assertThat(r.isOpen())
                    .isTrue());
        }
        try (RunStore store = RunStore.open(dir.resolve("arena.duckdb"))) {
            for (RunId id : List.of(parent, stalledChild)) {
                StoredRun s = store.run(id).orElseThrow(() -> new AssertionError(id + " not persisted"));
                List<Envelope> events = store.events(id, 1, 10_000);
                assertThat(events).hasSize((int) s.eventCount());
                assertThat(events).extracting(Envelope::seq).isSorted().doesNotHaveDuplicates();
                assertThat(events.get(events.size() - 1).seq()).isEqualTo(s.lastSeq());
                assertThat(events.get(events.size() - 1).isTerminal()).isTrue();
            }
            assertThat(store.run(stalledChild).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(store.run(parent).orElseThrow().status()).isEqualTo(RunStatus.COMPLETE);
            assertThat(store.run(producerRun).orElseThrow().status())
                    .as("a live run is archived as far as it got, still running")
                    .isEqualTo(RunStatus.RUNNING);
            assertThat(store.events(producerRun, 1, 100))
                    .extracting(Envelope::seq)
                    .containsExactly(1L, 2L, 3L, 4L);
        }
    }
}
