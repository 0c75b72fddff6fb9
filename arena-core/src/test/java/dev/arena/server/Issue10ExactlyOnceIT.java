package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arena.broker.BrokerSettings;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.lease.Lease;
import dev.arena.lease.Leases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 part 4, exactly once across two real servers over one private Redis: two operators
 * reaping one run through two servers at once publish one {@code run.reaped} and the loser gets a
 * clear answer; with a short reaper grace only the server holding {@code arena:lease:reaper} reaps,
 * and every idle run gets one {@code run.reaped}.
 */
class Issue10ExactlyOnceIT {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    @TempDir
    Path dir;

    private ServerFixture server(String name, Map<String, String> extra) throws Exception {
        EventBroker broker = servers.broker(TestBackend.REDIS, BrokerSettings.DEFAULTS);
        Map<String, String> env = new HashMap<>(extra);
        env.put("ARENA_BROKER_BACKEND", "redis");
        env.put("REDIS_URL", servers.redis().url());
        env.put("ARENA_DB", dir.resolve(name + ".duckdb").toString());
        return servers.start(broker, env, b -> { });
    }

    /** The event names a server serves for a run it no longer holds live (its archive), or empty when it has none. */
    private static List<String> archivedEvents(ServerFixture fx, RunId run) throws Exception {
        ServerFixture.Answer answer = fx.get("/events?run_id=" + run);
        if (answer.status() == 404) {
            return List.of();
        }
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.body().lines().filter(l -> l.startsWith("event: ")).map(l -> l.substring(7)).toList();
    }

    @Test
    void twoServersReapingOneRunAtOnce_publishOneRunReaped_andTheLoserGetsAClearAnswer() throws Exception {
        ServerFixture a = server("a", Map.of());
        ServerFixture b = server("b", Map.of());
        EventBroker producer = servers.broker(TestBackend.REDIS, BrokerSettings.DEFAULTS);
        int won = 0;
        int lost = 0;
        for (int round = 0; round < 8; round++) {
            RunId run = Runs.open(producer, 3);
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<ServerFixture.Answer>> answers = new ArrayList<>();
            for (ServerFixture fx : List.of(a, b)) {
                answers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                        return fx.post("/admin/runs/" + run + "/reap", "{\"reason\":\"race " + fx.server.url() + "\"}",
                                ServerFixture.ADMIN_TOKEN);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            go.countDown();
            List<ServerFixture.Answer> done = new ArrayList<>();
            for (CompletableFuture<ServerFixture.Answer> f : answers) {
                done.add(f.get(30, TimeUnit.SECONDS));
            }
            assertThat(done).extracting(ServerFixture.Answer::status).as("round %d: %s", round, done).contains(200);
            for (ServerFixture.Answer answer : done) {
                switch (answer.status()) {
                    case 200 -> won++;
                    case 409 -> {
                        lost++;
                        assertThat(answer.json().path("error").asText()).isEqualTo("conflict");
                        assertThat(answer.json().path("detail").asText()).contains("was closed while this reap ran")
                                .contains("nothing to do");
                    }
                    case 404 -> {
                        lost++;
                        assertThat(answer.json().path("detail").asText()).contains("run " + run);
                    }
                    default -> throw new AssertionError("round " + round + ": unexpected answer " + answer);
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> producer.run(run).isEmpty());
            int reapedEvents = 0;
            for (ServerFixture fx : List.of(a, b)) {
                List<String> events = archivedEvents(fx, run);
                if (!events.isEmpty()) {
                    assertThat(events).as("round %d, archive of %s", round, fx.server.url())
                            .containsExactly("run.start", "agent.signal", "agent.signal", "agent.signal", "run.reaped", "end");
                    reapedEvents = 1;
                }
            }
            assertThat(reapedEvents).as("round %d: the run is archived with its one run.reaped", round).isEqualTo(1);
        }
        assertThat(won + lost).isEqualTo(16);
    }

    @Test
    void shortGrace_onlyTheLeaseHolderReaps_andEachIdleRunGetsOneRunReaped() throws Exception {
        Map<String, String> grace = Map.of("ARENA_REAPER_GRACE", "1s");
        ServerFixture a = server("a", grace);
        ServerFixture b = server("b", grace);
        EventBroker producer = servers.broker(TestBackend.REDIS, BrokerSettings.DEFAULTS);
        List<RunId> runs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            runs.add(Runs.open(producer, 2));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> runs.stream().allMatch(r -> producer.run(r).isEmpty()));

        String holder;
        try (Lease probe = Leases.redis(servers.redis().url(), "arena-test/lease-probe", Leases.REAPER, "probe",
                Duration.ofSeconds(5))) {
            assertThat(probe.hold()).as("a server holds the reaper lease").isFalse();
            holder = probe.holder();
        }
        String idA = a.server.registry().self().id();
        String idB = b.server.registry().self().id();
        assertThat(holder).isIn(idA, idB);
        ServerFixture reaperServer = holder.equals(idA) ? a : b;
        for (RunId run : runs) {
            // the holder's reaper persisted every run before dropping it; the peer's archiver may have copied some too
            assertThat(archivedEvents(reaperServer, run)).as("run %s on the lease holder", run)
                    .containsExactly("run.start", "agent.signal", "agent.signal", "run.reaped", "end");
        }
    }
}
