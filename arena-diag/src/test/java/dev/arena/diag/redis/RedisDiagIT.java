package dev.arena.diag.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.redis.RedisKeys;
import dev.arena.broker.redis.RedisStreamsBroker;
import dev.arena.config.BrokerSettings;
import dev.arena.diag.cli.support.ExitCodes;
import dev.arena.diag.support.DiagRun;
import dev.arena.diag.support.RedisState;
import dev.arena.json.Json;
import dev.arena.testkit.PrivateRedis;
import dev.arena.testkit.RedisServer;
import dev.arena.time.Ticker;
import io.lettuce.core.AclCategory;
import io.lettuce.core.AclSetuserArgs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** diag against a real Redis holding broker state, with the server down (diag reads Redis directly). */
class RedisDiagIT {

    @RegisterExtension
    static final PrivateRedis REDIS = new PrivateRedis();

    private static RedisServer redis;
    private static RedisState state;
    private static String closedServer;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        redis = REDIS.server();
        state = new RedisState(redis);
        closedServer = "http://127.0.0.1:" + RedisServer.freePort();
    }

    @AfterAll
    static void stop() {
        state.close();
    }

    private Map<String, String> env() {
        return Map.of(
                "ARENA_BROKER_BACKEND",
                "redis",
                "REDIS_URL",
                redis.url(),
                "ARENA_SERVER_URL",
                closedServer,
                "ARENA_AUDIT_LOG",
                tmp.resolve("audit.jsonl").toString(),
                "ARENA_FORK_STUCK_AFTER",
                "60s");
    }

    @Test
    void metricsWithTheServerDown_showTheSharedPublishFailures() {
        state.redis().set(RedisKeys.PUBLISHED, "5");
        state.redis().set(RedisKeys.PUBLISH_FAILURES, "3"); // a producer elsewhere lost 3 events

        DiagRun.Result r = DiagRun.run(env(), "metrics", "--output", "json");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.WARNING);
        JsonNode m = Json.parse(r.out());
        assertThat(m.get("source").asText()).isEqualTo("redis");
        assertThat(m.get("publish_failures").asLong()).isEqualTo(3);
        assertThat(m.get("status").asText()).isEqualTo("WARNING");
    }

    @Test
    void sentinels_tenThousandWrittenByPipe_areAllListed_andMalformedKeysIgnored() throws Exception {
        List<RunId> written = state.bulkSentinels(10_000, tmp);
        state.redis().set("arena:run:{not-a-uuid}:open", "1");

        DiagRun.Result r = DiagRun.run(env(), "sentinels", "--output", "json");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
        JsonNode doc = Json.parse(r.out());
        assertThat(doc.get("count").asInt()).isEqualTo(10_000);
        assertThat(doc.get("malformed_keys").asInt()).isEqualTo(1);
        assertThat(doc.get("truncated").asBoolean()).isFalse();
        Set<String> listed = new HashSet<>();
        doc.get("sentinels").forEach(s -> {
            listed.add(s.get("run_id").asText());
            assertThat(s.get("ttl_ms").asLong()).isBetween(21_000_000L, 21_600_000L);
        });
        assertThat(listed)
                .containsExactlyInAnyOrderElementsOf(
                        written.stream().map(RunId::value).toList());

        DiagRun.Result table = DiagRun.run(env(), "sentinels");
        assertThat(table.out().lines().filter(l -> l.matches("[0-9a-f-]{36} .*")))
                .hasSize(10_000);
        assertThat(table.out()).contains("10000 sentinel(s)");
    }

    @Test
    void sentinels_whenScriptsAreRefused_fallBackToPipelinedTtls() throws Exception {
        List<RunId> written = state.bulkSentinels(2_500, tmp);
        state.redis()
                .aclSetuser(
                        "noscripts",
                        AclSetuserArgs.Builder.on()
                                .addPassword("noscripts-pw")
                                .allKeys()
                                .allCommands()
                                .removeCategory(AclCategory.SCRIPTING));
        String url = "redis://noscripts:noscripts-pw@127.0.0.1:" + redis.port() + "/0";
        try (RedisInspector inspector = RedisInspector.connect(
                url, "arena-cli@test:2", Duration.ofSeconds(2), Clock.systemUTC(), Ticker.system())) {
            SentinelScan scan = inspector.sentinels(1_000_000);
            assertThat(scan.sentinels())
                    .extracting(Sentinel::runId)
                    .containsExactlyInAnyOrderElementsOf(
                            written.stream().map(RunId::value).toList());
            assertThat(scan.sentinels())
                    .allSatisfy(s -> assertThat(s.ttlMillis()).isPositive());
        } finally {
            state.redis().aclDeluser("noscripts");
        }
    }

    @Test
    void sentinels_budget_truncatesAndSaysSo() throws Exception {
        state.bulkSentinels(3_000, tmp);
        DiagRun.Result r = DiagRun.run(env(), "sentinels", "--max", "1200", "--output", "json");
        JsonNode doc = Json.parse(r.out());
        assertThat(doc.get("count").asInt()).isEqualTo(1200);
        assertThat(doc.get("truncated").asBoolean()).isTrue();
    }

    @Test
    void sentinels_withoutExpiry_isAWarning() {
        RunId run = RunId.random();
        state.redis().set(RedisKeys.open(run), "1");
        DiagRun.Result r = DiagRun.run(env(), "sentinels");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.WARNING);
        assertThat(r.out()).contains(run.value()).contains("none");
    }

    @Test
    void stream_showsHeadTailLengthSentinelAndLastEvents() {
        RunId run = RunId.random();
        state.writeRun(run, 12, "agent.signal", Instant.now(), true);
        state.redis().xtrim(RedisKeys.events(run), 10);

        DiagRun.Result r = DiagRun.run(env(), "stream", run.value(), "--last", "3", "--output", "json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode v = Json.parse(r.out());
        assertThat(v.get("head_seq").asLong()).isEqualTo(3);
        assertThat(v.get("last_seq").asLong()).isEqualTo(12);
        assertThat(v.get("length").asLong()).isEqualTo(10);
        assertThat(v.get("seq_counter").asLong()).isEqualTo(12);
        assertThat(v.get("sentinel_ttl_ms").asLong()).isPositive();
        assertThat(v.get("last_events")).extracting(e -> e.get("seq").asLong()).containsExactly(10L, 11L, 12L);

        DiagRun.Result unknown = DiagRun.run(env(), "stream", RunId.random().value());
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(unknown.err()).contains("not found");
    }

    @Test
    void triage_serverDown_sentinelWithoutProgress_isCritical() {
        RunId run = RunId.random();
        state.writeRun(run, 5, "llm.call", Instant.now().minus(Duration.ofMinutes(10)), true);

        DiagRun.Result r = DiagRun.run(env(), "triage", run.value(), "--window", "200ms");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.out())
                .contains("PRODUCER STUCK")
                .contains("sentinel without progress")
                .contains("server:")
                .contains("arena diag reap " + run + " --force");
    }

    @Test
    void triage_producerGoneWithoutTerminalEvent_isConsumersNotEnded() {
        RunId run = RunId.random();
        state.writeRun(run, 4, "agent.signal", Instant.now().minusSeconds(5), false);
        DiagRun.Result r = DiagRun.run(env(), "triage", run.value(), "--window", "100ms", "--output", "json");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(Json.parse(r.out()).get("verdict").asText()).isEqualTo("consumers_not_ended");
    }

    @Test
    void triage_growingStream_isProgressing() throws Exception {
        RunId run = RunId.random();
        state.writeRun(run, 2, "agent.signal", Instant.now(), true);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread producer = new Thread(() -> {
            try (RedisState own = new RedisState(redis)) {
                for (long seq = 3; running.get(); seq++) {
                    own.append(run, seq, "agent.signal", Instant.now());
                    Thread.sleep(20); // the simulated producer's own pace, not test synchronisation
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        try {
            DiagRun.Result r = DiagRun.run(env(), "triage", run.value(), "--window", "300ms");
            assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.OK);
            assertThat(r.out()).contains("PROGRESSING");
        } finally {
            running.set(false);
            producer.join();
        }
    }

    @Test
    void triage_unknownRun_neverAppeared() {
        DiagRun.Result r = DiagRun.run(env(), "triage", RunId.random().value(), "--window", "0ms");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.out()).contains("NEVER APPEARED IN /RUNS").contains("arena diag backend");
    }

    @Test
    void reap_serverDown_refusesWithoutForce_thenDeletesTheThreeKeysAtomically() throws Exception {
        RunId run = RunId.random();
        state.writeRun(run, 7, "agent.signal", Instant.now().minus(Duration.ofHours(1)), true);

        DiagRun.Result refused = DiagRun.run(env(), "reap", run.value(), "--yes");
        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(ExitCodes.REFUSED);
        assertThat(refused.out()).contains("persisting first is IMPOSSIBLE").contains("DEL " + RedisKeys.events(run));
        assertThat(state.redis().exists(RedisKeys.events(run), RedisKeys.seq(run), RedisKeys.open(run)))
                .isEqualTo(3);

        DiagRun.Result notConfirmed = DiagRun.run(env(), "reap", run.value(), "--force");
        assertThat(notConfirmed.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(notConfirmed.err()).contains("not confirmed");

        DiagRun.Result wrongPrefix = DiagRun.typing(env(), "deadbeef", "reap", run.value(), "--force");
        assertThat(wrongPrefix.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(state.redis().exists(RedisKeys.events(run), RedisKeys.seq(run), RedisKeys.open(run)))
                .isEqualTo(3);

        DiagRun.Result done = DiagRun.typing(env(), run.prefix(), "reap", run.value(), "--force");
        assertThat(done.exitCode()).as(done.all()).isEqualTo(ExitCodes.OK);
        assertThat(done.out()).contains("EXISTS on the four keys: 0");
        assertThat(state.redis().exists(RedisKeys.events(run), RedisKeys.seq(run), RedisKeys.open(run)))
                .isZero();
        String audit = Files.readString(tmp.resolve("audit.jsonl"));
        assertThat(audit.lines()).hasSize(4);
        assertThat(audit.lines().toList().get(3))
                .contains("\"action\":\"reap\"")
                .contains("\"result\":\"done\"")
                .contains(run.value());

        DiagRun.Result history = DiagRun.run(env(), "history", "--output", "json");
        assertThat(Json.parse(history.out()).get("entries")).hasSize(4);
    }

    @Test
    void reap_serverDown_ofARunWrittenByTheRedisBroker_leavesNoKeyOfItBehind() throws Exception {
        RunId run = RunId.random();
        Clock anHourAgo = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
        try (EventBroker broker =
                RedisStreamsBroker.connect(redis.url(), "arena-test", BrokerSettings.DEFAULTS, anHourAgo)) {
            broker.openRun(run, Map.of()).join();
            broker.publish(run, Event.of("agent.signal")).join();
            broker.flush(Duration.ofSeconds(10));
        }
        assertThat(state.redis().exists(RedisKeys.all(run).toArray(String[]::new)))
                .isEqualTo(4);

        DiagRun.Result done = DiagRun.typing(env(), run.prefix(), "reap", run.value(), "--force");

        assertThat(done.exitCode()).as(done.all()).isEqualTo(ExitCodes.OK);
        assertThat(state.redis().exists(RedisKeys.all(run).toArray(String[]::new)))
                .isZero();
    }

    @Test
    void reap_readOnly_refusesWith4() {
        RunId run = RunId.random();
        state.writeRun(run, 3, "agent.signal", Instant.now().minus(Duration.ofHours(1)), true);
        DiagRun.Result r = DiagRun.run(env(), "reap", run.value(), "--force", "--yes", "--readonly");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.err()).contains("read-only");
        assertThat(state.redis().exists(RedisKeys.events(run))).isEqualTo(1);
    }

    @Test
    void reap_progressingRun_refusedWithoutForce() {
        RunId run = RunId.random();
        state.writeRun(run, 3, "agent.signal", Instant.now(), true);
        DiagRun.Result r = DiagRun.run(env(), "reap", run.value(), "--yes", "--server", closedServer);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(state.redis().exists(RedisKeys.events(run))).isEqualTo(1);
    }

    @Test
    void inspector_listsClientsByName_andServerFacts() {
        try (RedisInspector inspector = RedisInspector.connect(
                redis.url(), "arena-cli@test:1", Duration.ofSeconds(2), Clock.systemUTC(), Ticker.system())) {
            assertThat(inspector.clients()).anySatisfy(c -> assertThat(c.name()).isEqualTo("arena-cli@test:1"));
            RedisServerInfo info = inspector.serverInfo();
            assertThat(info.maxmemoryPolicy()).isEqualTo("noeviction");
            assertThat(info.evicts()).isFalse();
        }
    }

    @Test
    void doctor_evictingMemoryPolicy_isAWarningRow() {
        try (RedisServer evicting =
                RedisServer.builder().arg("--maxmemory-policy", "allkeys-lru").start()) {
            Map<String, String> env = new HashMap<>(env());
            env.put("REDIS_URL", evicting.url());
            DiagRun.Result r = DiagRun.run(env, "doctor", "--output", "json");
            JsonNode row = null;
            for (JsonNode c : Json.parse(r.out()).get("checks")) {
                if (c.get("name").asText().equals("redis.maxmemory")) {
                    row = c;
                }
            }
            assertThat(row).isNotNull();
            assertThat(row.get("status").asText()).isEqualTo("WARNING");
            assertThat(row.get("message").asText()).contains("allkeys-lru");
            assertThat(r.exitCode()).as("the unreachable server dominates").isEqualTo(ExitCodes.UNKNOWN);
        }
    }

    @Test
    void wrongPassword_isAnAuthFailureWithTheUrlMasked() {
        try (RedisServer secured =
                RedisServer.builder().password("right-pass-123").start()) {
            String wrong = "redis://:wrong-pass-456@127.0.0.1:" + secured.port() + "/0";
            DiagRun.Result r = DiagRun.run(
                    Map.of("ARENA_BROKER_BACKEND", "redis", "REDIS_URL", wrong, "ARENA_SERVER_URL", closedServer),
                    "sentinels");
            assertThat(r.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
            assertThat(r.err())
                    .contains("refused authentication")
                    .contains("redis://:***@")
                    .doesNotContain("wrong-pass-456");
        }
    }
}
