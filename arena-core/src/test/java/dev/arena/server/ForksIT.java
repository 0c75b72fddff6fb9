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
import dev.arena.fixture.TestServers;
import dev.arena.fork.ForkService;
import dev.arena.json.Json;
import dev.arena.testkit.MutableClock;
import dev.arena.time.Ticker;
import dev.arena.wire.RunStatus;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import okhttp3.Request;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** POST /forks, GET /debug/forks and the fork admin endpoint end to end, on both backends. */
class ForksIT {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    final MutableClock clock = MutableClock.startingNow();

    /** A server with fault injection whose fork tasks run on the test's clock (stuck after 60 s). */
    ServerFixture server(TestBackend backend) throws Exception {
        EventBroker broker = servers.broker(backend, BrokerSettings.DEFAULTS);
        ForkService forks = new ForkService(broker, clock, Ticker.system(), Duration.ofSeconds(60), true, 0.0, 2);
        return servers.start(broker, b -> b.forkService(forks).allowFaultInjection(true));
    }

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void fork_replaysParentEvents2ToAtSeq_inOrder_thenContinues(TestBackend backend) throws Exception {
        ServerFixture fx = server(backend);
        RunId parent = Runs.finished(fx.broker, 20);

        ServerFixture.Answer a = fx.post("/forks", "{\"parent_run_id\":\"" + parent + "\",\"at_seq\":12}");
        assertThat(a.status()).as(a.body()).isEqualTo(202);
        RunId child = RunId.parse(a.json().path("child_run_id").asText());
        assertThat(a.json().path("name").asText())
                .isEqualTo(a.json().path("task").path("name").asText());
        assertThat(a.headers().get("Location")).startsWith("/debug/forks/");
        JsonNode byName = fx.get(a.headers().get("Location")).json();
        assertThat(byName.path("child_run_id").asText()).isEqualTo(child.value());
        assertThat(fx.get("/debug/forks/no-such-fork").status()).isEqualTo(404);

        SseRecorder sse = SseRecorder.open(
                fx.http,
                new Request.Builder().url(fx.url("/events?run_id=" + child)).build());
        sse.assertOpen();
        List<SseRecorder.Item> events = sse.eventsUntilClosed();
        assertThat(events.get(0).event()).isEqualTo("run.start");
        assertThat(events.get(1).event()).isEqualTo("fork.start");
        JsonNode forkStart = Json.parse(events.get(1).data()).path("payload");
        assertThat(forkStart.toString()).contains(parent.value()).contains("12");

        List<Envelope> parentEvents = fx.broker.read(parent, 2, 11);
        List<Envelope> replayed = events.subList(2, 13).stream()
                .map(i -> Envelope.parse(i.data()))
                .toList();
        assertThat(replayed)
                .extracting(Envelope::kind)
                .containsExactlyElementsOf(
                        parentEvents.stream().map(Envelope::kind).toList());
        assertThat(replayed)
                .extracting(Envelope::payloadJson)
                .containsExactlyElementsOf(
                        parentEvents.stream().map(Envelope::payloadJson).toList());
        assertThat(events.get(events.size() - 1).event()).isEqualTo("end");
        assertThat(events.size()).isGreaterThan(15);

        JsonNode task = DebugForks.awaitFirstIn(fx, "done");
        assertThat(task.path("parent_run_id").asText()).isEqualTo(parent.value());
        assertThat(task.path("child_run_id").asText()).isEqualTo(child.value());
        assertThat(task.path("events_replayed").asLong()).isEqualTo(11);
        assertThat(task.path("at_seq").asLong()).isEqualTo(12);
        JsonNode childRun = fx.get("/runs/" + child).json();
        assertThat(childRun.path("parent_run_id").asText()).isEqualTo(parent.value());
    }

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void stalledFork_showsStuckWithTheLlmFrame_thenAdminCancelClosesItCancelled(TestBackend backend) throws Exception {
        ServerFixture fx = server(backend);
        RunId parent = Runs.finished(fx.broker, 5);
        ServerFixture.Answer a =
                fx.post("/forks", "{\"parent_run_id\":\"" + parent + "\",\"scenario\":{\"stall_at_seq\":12}}");
        assertThat(a.status()).as(a.body()).isEqualTo(202);
        String name = a.json().path("name").asText();
        RunId child = RunId.parse(a.json().path("child_run_id").asText());

        DebugForks.awaitFirstStalledInLlm(fx);
        clock.advance(Duration.ofSeconds(120));
        JsonNode task = DebugForks.first(fx);
        assertThat(task.path("state").asText()).isEqualTo("running");
        assertThat(task.path("stuck").asBoolean()).isTrue();
        assertThat(task.path("idle_seconds").asDouble()).isGreaterThanOrEqualTo(60);
        assertThat(fx.get("/metrics").json().path("fork_tasks_stuck").asLong()).isEqualTo(1);
        assertThat(fx.get("/metrics/prometheus").body()).contains("arena_fork_tasks_stuck 1.0");

        assertThat(fx.post("/admin/forks/" + name + "/cancel", null).status()).isEqualTo(401);
        ServerFixture.Answer cancel = fx.post("/admin/forks/" + name + "/cancel", null, ServerFixture.ADMIN_TOKEN);
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
        assertThat(cancel.json().path("cancelled").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> "cancelled"
                .equals(fx.get("/runs/" + child).json().path("status").asText()));
        assertThat(DebugForks.first(fx).path("state").asText()).isEqualTo("cancelled");
        assertThat(Files.readString(fx.dir.resolve("audit.jsonl")))
                .contains("\"action\":\"cancel-fork\"")
                .contains("\"target\":\"" + name + "\"");
        assertThat(RunStatus.fromWire(
                        fx.get("/runs/" + child).json().path("status").asText()))
                .isEqualTo(RunStatus.CANCELLED);
    }

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void cancellingAFinishedFork_is409AlreadyFinished_andChangesNothing(TestBackend backend) throws Exception {
        ServerFixture fx = server(backend);
        RunId parent = Runs.finished(fx.broker, 5);
        ServerFixture.Answer a =
                fx.post("/forks", "{\"parent_run_id\":\"" + parent + "\",\"scenario\":{\"fail_at_seq\":10}}");
        assertThat(a.status()).as(a.body()).isEqualTo(202);
        String name = a.json().path("name").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> "failed"
                .equals(fx.get("/debug/forks")
                        .json()
                        .path("forks")
                        .get(0)
                        .path("state")
                        .asText()));

        ServerFixture.Answer cancel = fx.post("/admin/forks/" + name + "/cancel", null, ServerFixture.ADMIN_TOKEN);
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(409);
        assertThat(cancel.json().path("error").asText()).isEqualTo("already_finished");
        assertThat(cancel.json().path("detail").asText()).contains(name).contains("had already finished (failed)");
        assertThat(fx.get("/debug/forks")
                        .json()
                        .path("forks")
                        .get(0)
                        .path("state")
                        .asText())
                .isEqualTo("failed");
        assertThat(Files.readString(fx.dir.resolve("audit.jsonl"))).contains("\"result\":\"conflict\"");
    }

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void failingFork_reportsFailedWithError(TestBackend backend) throws Exception {
        ServerFixture fx = server(backend);
        RunId parent = Runs.finished(fx.broker, 5);
        ServerFixture.Answer a =
                fx.post("/forks", "{\"parent_run_id\":\"" + parent + "\",\"scenario\":{\"fail_at_seq\":10}}");
        assertThat(a.status()).as(a.body()).isEqualTo(202);
        JsonNode task = DebugForks.awaitFirstIn(fx, "failed");
        assertThat(task.path("error").asText()).isNotBlank();
        RunId child = RunId.parse(a.json().path("child_run_id").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> "error"
                .equals(fx.get("/runs/" + child).json().path("status").asText()));
    }
}
