package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.config.BrokerSettings;
import dev.arena.fixture.ServerFixture;
import dev.arena.fixture.ServerJvm;
import dev.arena.fixture.TestBackend;
import dev.arena.fixture.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fork ownership across servers: two real servers over one private Redis. A stalled fork on one is
 * listed by the other with its owner, a cancel sent to the other reaches the owner, and when the
 * owner (a second JVM) is killed with SIGKILL a surviving server closes the orphaned child run as
 * {@code run.error} naming the dead server — once, audited, persisted.
 */
class ForkOwnershipAcrossServersIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestServers servers = new TestServers();

    @TempDir
    Path dir;

    private Map<String, String> env(String name) {
        return env(name, servers.redis().url());
    }

    private Map<String, String> env(String name, String redisUrl) {
        Map<String, String> env = RegistryEnv.of(dir, name, redisUrl);
        env.put("ARENA_AUDIT_LOG", dir.resolve(name + "-audit.jsonl").toString());
        return env;
    }

    private ServerFixture server(String name) throws Exception {
        EventBroker broker = servers.broker(TestBackend.REDIS, BrokerSettings.DEFAULTS);
        return servers.start(broker, env(name), b -> b.allowFaultInjection(true));
    }

    @Test
    void overARedisCluster_aForkOnAIsListedByB_andACancelViaBReachesA() throws Exception {
        String seeds = servers.cluster().seedUrl();
        ServerFixture a = servers.start(
                servers.broker(TestBackend.REDIS_CLUSTER, BrokerSettings.DEFAULTS),
                env("a", seeds),
                x -> x.allowFaultInjection(true));
        ServerFixture b = servers.start(
                servers.broker(TestBackend.REDIS_CLUSTER, BrokerSettings.DEFAULTS),
                env("b", seeds),
                x -> x.allowFaultInjection(true));
        RunId parent = Runs.finished(a.broker, 5);
        JsonNode started = a.post("/forks", "{\"parent_run_id\":\"" + parent + "\",\"scenario\":{\"stall_at_seq\":12}}")
                .json();
        String name = started.path("name").asText();
        String child = started.path("child_run_id").asText();

        await().atMost(Duration.ofSeconds(10)).until(() -> forkListed(b, name) != null);
        assertThat(forkListed(b, name).path("owner_id").asText())
                .isEqualTo(a.server.registry().self().id());
        ServerFixture.Answer cancel = b.post("/admin/forks/" + name + "/cancel", null, ServerFixture.ADMIN_TOKEN);
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
        assertThat(cancel.json().path("task").path("state").asText()).isEqualTo("cancelled");
        await().atMost(Duration.ofSeconds(10)).until(() -> "cancelled"
                .equals(b.get("/runs/" + child).json().path("status").asText()));
    }

    private static JsonNode forkListed(ServerFixture fx, String name) throws Exception {
        for (JsonNode f : fx.get("/debug/forks").json().path("forks")) {
            if (f.path("name").asText().equals(name)) {
                return f;
            }
        }
        return null;
    }

    private static List<String> audit(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    @Test
    void stalledForkOnA_isListedByBWithItsOwner_andACancelSentToBReachesA() throws Exception {
        ServerFixture a = server("a");
        ServerFixture b = server("b");
        RunId parent = Runs.finished(a.broker, 5);
        JsonNode started = a.post("/forks", "{\"parent_run_id\":\"" + parent + "\",\"scenario\":{\"stall_at_seq\":12}}")
                .json();
        String name = started.path("name").asText();
        String child = started.path("child_run_id").asText();
        assertThat(started.path("task").path("owner_id").asText())
                .isEqualTo(a.server.registry().self().id());

        await().atMost(Duration.ofSeconds(10)).until(() -> forkListed(b, name) != null);
        JsonNode seen = forkListed(b, name);
        assertThat(seen.path("owner_id").asText())
                .isEqualTo(a.server.registry().self().id());
        assertThat(seen.path("owner_url").asText()).isEqualTo(a.server.url());
        assertThat(seen.path("child_run_id").asText()).isEqualTo(child);
        assertThat(seen.path("parent_run_id").asText()).isEqualTo(parent.value());
        assertThat(seen.path("state").asText()).isEqualTo("running");
        assertThat(seen.path("stage").asText()).isEqualTo("remote");
        assertThat(seen.path("orphaned").asBoolean()).isFalse();
        assertThat(seen.path("stack")).isEmpty();
        JsonNode own = forkListed(a, name);
        assertThat(own.path("owner_id").asText())
                .isEqualTo(a.server.registry().self().id());
        assertThat(b.get("/debug/forks/" + name).json().path("owner_url").asText())
                .isEqualTo(a.server.url());

        assertThat(b.post("/admin/forks/" + name + "/cancel", null, "wrong-token")
                        .status())
                .isEqualTo(403);
        assertThat(a.server.forks().task(name).orElseThrow().isRunning())
                .as("a refused cancel is not forwarded")
                .isTrue();

        ServerFixture.Answer cancel = b.post("/admin/forks/" + name + "/cancel", null, ServerFixture.ADMIN_TOKEN);

        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
        JsonNode body = cancel.json();
        assertThat(body.path("cancelled").asBoolean()).isTrue();
        assertThat(body.toString()).contains("\"state\":\"cancelled\"");
        assertThat(a.server.forks().task(name).orElseThrow().state().toString()).isEqualToIgnoringCase("cancelled");
        await().atMost(Duration.ofSeconds(10)).until(() -> "cancelled"
                .equals(b.get("/runs/" + child).json().path("status").asText()));
        assertThat(audit(dir.resolve("b-audit.jsonl"))).anySatisfy(l -> assertThat(l)
                .contains(
                        "cancel-fork",
                        name,
                        "forwarded",
                        a.server.registry().self().id()));
        assertThat(audit(dir.resolve("a-audit.jsonl")))
                .anySatisfy(l -> assertThat(l).contains("cancel-fork", name, "\"ok\""));
        assertThat(String.join("\n", audit(dir.resolve("b-audit.jsonl")))).doesNotContain(ServerFixture.ADMIN_TOKEN);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> forkListed(b, name) == null); // the lease is dropped once the task ended
    }

    @Test
    void ownerKilledWithSigkill_oneOfTwoSurvivorsClosesTheOrphanedChildOnceAsRunError_namingTheDeadServer()
            throws Exception {
        ServerFixture b = server("b");
        ServerFixture c = server("c");
        try (ServerJvm second = ServerJvm.start(env("second"), true)) {
            String url = second.url();
            RunId parent = Runs.finished(b.broker, 5);
            OkHttpClient http = new OkHttpClient();
            JsonNode started;
            try (Response r = http.newCall(new Request.Builder()
                            .url(url + "/forks")
                            .post(RequestBody.create(
                                    "{\"parent_run_id\":\"" + parent + "\",\"scenario\":{\"stall_at_seq\":12}}",
                                    MediaType.get("application/json")))
                            .build())
                    .execute()) {
                assertThat(r.code()).isEqualTo(202);
                started = JSON.readTree(r.body().string());
            }
            String name = started.path("name").asText();
            String child = started.path("child_run_id").asText();
            String ownerId = started.path("task").path("owner_id").asText();
            await().atMost(Duration.ofSeconds(10)).until(() -> forkListed(b, name) != null);
            assertThat(forkListed(b, name).path("owner_url").asText()).isEqualTo(url);

            second.kill(); // SIGKILL: no shutdown, the lease is left behind
            long killed = System.nanoTime();

            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> "error"
                            .equals(b.get("/runs/" + child)
                                    .json()
                                    .path("status")
                                    .asText()));
            long closedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            System.out.println(
                    "[fork ownership] ms from SIGKILL of the owner to its orphaned child closed: " + closedMs);
            assertThat(closedMs).isLessThan(30_000);

            String reason = "orphaned: owner server " + ownerId + " (" + url + ") gone";
            String events = b.get("/events?run_id=" + child).body();
            assertThat(events.split("event: run.error", -1))
                    .as("exactly one terminal event")
                    .hasSize(2);
            assertThat(events).contains(reason);
            assertThat(events).doesNotContain("event: run.cancelled", "event: run.complete", "event: run.reaped");
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            b.get("/runs/" + child).json().path("persisted").asBoolean());
            List<String> closes = new ArrayList<>(audit(dir.resolve("b-audit.jsonl")));
            closes.addAll(audit(dir.resolve("c-audit.jsonl")));
            assertThat(closes)
                    .as("exactly one of the two survivors closed it")
                    .filteredOn(l -> l.contains("close-orphan"))
                    .singleElement()
                    .satisfies(l -> assertThat(l).contains(child, reason, name));
            assertThat(c.get("/runs/" + child).json().path("status").asText()).isEqualTo("error");
            assertThat(b.server.leases().leases())
                    .as("the claimed lease is gone")
                    .isEmpty();
            assertThat(forkListed(b, name)).isNull();
            assertThat(b.server.leases().closeOrphans())
                    .as("a later scan closes nothing more")
                    .isZero();
            assertThat(c.server.leases().closeOrphans()).isZero();
        }
    }
}
