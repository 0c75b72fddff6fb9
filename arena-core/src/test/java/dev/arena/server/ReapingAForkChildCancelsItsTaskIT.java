package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.config.BrokerSettings;
import dev.arena.fixture.ServerFixture;
import dev.arena.fixture.TestBackend;
import dev.arena.fixture.TestServers;
import dev.arena.fork.ForkService;
import dev.arena.testkit.MutableClock;
import dev.arena.time.Ticker;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reaping a fork's child cancels its fork task, whether an operator reaps it
 * ({@code POST /admin/runs/{id}/reap}) or the server's idle reaper does; afterwards no fork task
 * stays running or stuck for a run that is gone, and the child got exactly one terminal event.
 */
class ReapingAForkChildCancelsItsTaskIT {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    final MutableClock clock = MutableClock.startingNow();

    private record Stalled(ServerFixture fx, String name, RunId child) {}

    /** A server whose fork (stuck after 60 s of the test's clock) stalls mid-continuation. */
    private Stalled stalledFork(TestBackend backend, Map<String, String> env) throws Exception {
        EventBroker broker = servers.broker(backend, BrokerSettings.DEFAULTS);
        ForkService forks = new ForkService(broker, clock, Ticker.system(), Duration.ofSeconds(60), true, 0.0, 2);
        ServerFixture fx = servers.start(
                broker, env, b -> b.forkService(forks).allowFaultInjection(true).clock(clock));
        RunId parent = Runs.finished(fx.broker, 5);
        ServerFixture.Answer a =
                fx.post("/forks", "{\"parent_run_id\":\"" + parent + "\",\"scenario\":{\"stall_at_seq\":12}}");
        assertThat(a.status()).as(a.body()).isEqualTo(202);
        DebugForks.awaitFirstStalledInLlm(fx);
        clock.advance(Duration.ofSeconds(120));
        assertThat(DebugForks.first(fx).path("stuck").asBoolean()).isTrue();
        return new Stalled(
                fx,
                a.json().path("name").asText(),
                RunId.parse(a.json().path("child_run_id").asText()));
    }

    private static JsonNode task(ServerFixture fx, String name) throws Exception {
        return fx.get("/debug/forks/" + name).json();
    }

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void adminReapOfAForkChild_cancelsItsTask_andTheRunEndsReapedOnce(TestBackend backend) throws Exception {
        Stalled s = stalledFork(backend, Map.of());

        ServerFixture.Answer reap = s.fx().post("/admin/runs/" + s.child() + "/reap", null, ServerFixture.ADMIN_TOKEN);

        assertThat(reap.status()).as(reap.body()).isEqualTo(200);
        assertThat(reap.json().path("fork_cancelled").asText()).isEqualTo(s.name());
        assertThat(reap.json().path("status").asText()).isEqualTo("reaped");
        JsonNode task = task(s.fx(), s.name());
        assertThat(task.path("state").asText()).isEqualTo("cancelled");
        assertThat(task.path("stuck").asBoolean()).isFalse();
        assertThat(s.fx().get("/metrics").json().path("fork_tasks_stuck").asLong())
                .isZero();
        assertThat(s.fx().get("/runs/" + s.child()).json().path("status").asText())
                .isEqualTo("reaped");
        String audit = Files.readString(s.fx().dir.resolve("audit.jsonl"));
        assertThat(audit)
                .contains("\"action\":\"cancel-fork\"")
                .contains("\"target\":\"" + s.name() + "\"")
                .contains("fork task " + s.name() + " cancelled");
    }

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void idleReaperOfAForkChild_cancelsItsTask(TestBackend backend) throws Exception {
        Stalled s = stalledFork(backend, Map.of("ARENA_REAPER_GRACE", "10s"));

        clock.advance(Duration.ofMinutes(5)); // past the grace: the next reaper pass (every second) takes the child

        await().atMost(Duration.ofSeconds(15)).until(() -> "cancelled"
                .equals(task(s.fx(), s.name()).path("state").asText()));
        assertThat(task(s.fx(), s.name()).path("stuck").asBoolean()).isFalse();
        assertThat(s.fx().broker.run(s.child())).isEmpty();
        assertThat(s.fx().get("/metrics").json().path("fork_tasks_stuck").asLong())
                .isZero();
    }
}
