package dev.arena.diag.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.RunId;
import dev.arena.broker.redis.RedisKeys;
import dev.arena.diag.cli.support.ExitCodes;
import dev.arena.diag.redis.ClientInfo;
import dev.arena.diag.redis.RedisInspector;
import dev.arena.diag.redis.SentinelScan;
import dev.arena.diag.redis.StreamInfo;
import dev.arena.diag.redis.Topology;
import dev.arena.diag.support.DiagRun;
import dev.arena.diag.support.RedisState;
import dev.arena.json.Json;
import dev.arena.testkit.ClusterNode;
import dev.arena.testkit.PrivateRedisCluster;
import dev.arena.testkit.RedisCluster;
import dev.arena.testkit.RedisServer;
import dev.arena.time.Ticker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * diag on a real Redis Cluster (3 masters, 3 replicas, password) started by the test kit, with the
 * server down so diag reads Redis directly: runs are written with the broker's key schema through
 * a cluster client, so each run's keys land on the master serving its {@code {id}} slot.
 */
class ClusterDiagIT {

    private static final String PASSWORD = "cluster-Pa55word";

    @RegisterExtension
    static final PrivateRedisCluster CLUSTER = new PrivateRedisCluster(
            RedisCluster.builder().masters(3).replicasPerMaster(1).password(PASSWORD));

    @TempDir
    Path tmp;

    private RedisCluster cluster;
    private RedisState state;
    private final String closedServer = "http://127.0.0.1:" + RedisServer.freePort();

    @BeforeEach
    void open() {
        cluster = CLUSTER.cluster();
        state = RedisState.onCluster(cluster);
    }

    @AfterEach
    void close() {
        state.close();
    }

    /** The seed list as REDIS_URL takes it: one password for every seed. */
    private String seedUrl() {
        return "redis://:" + PASSWORD + "@"
                + cluster.masters().stream().map(n -> n.host() + ":" + n.port()).collect(Collectors.joining(","));
    }

    private Map<String, String> env(String redisUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("ARENA_BROKER_BACKEND", "redis");
        env.put("REDIS_URL", redisUrl);
        env.put("ARENA_SERVER_URL", closedServer);
        env.put("ARENA_AUDIT_LOG", tmp.resolve("audit.jsonl").toString());
        return env;
    }

    /** A run whose keys land on {@code master}. */
    private RunId runOn(ClusterNode master) {
        for (int i = 0; i < 10_000; i++) {
            RunId run = RunId.random();
            if (cluster.nodeForKey(RedisKeys.open(run)).port() == master.port()) {
                return run;
            }
        }
        throw new IllegalStateException("no run id hashed to " + master);
    }

    private RedisInspector inspector(String url) {
        return RedisInspector.connect(
                url, "arena-cli@cluster-it:1", Duration.ofSeconds(3), Clock.systemUTC(), Ticker.system());
    }

    @Test
    void topology_seedListOrOneNode_isACluster_mastersReplicasAndState() {
        try (RedisInspector byList = inspector(seedUrl());
                RedisInspector byOneNode = inspector(cluster.masters().get(1).uri())) {
            for (RedisInspector i : List.of(byList, byOneNode)) {
                Topology t = i.topology();
                assertThat(t.cluster()).isTrue();
                assertThat(t.summary()).isEqualTo("redis cluster: 3 masters, 3 replicas, cluster_state ok");
                assertThat(t.nodes()).hasSize(6);
                assertThat(t.slotsAssigned()).isEqualTo(Topology.SLOTS);
            }
        }
    }

    @Test
    void sentinels_onEveryMaster_allFound_andTheBudgetSpansMasters() {
        List<RunId> runs = new ArrayList<>();
        for (ClusterNode master : cluster.masters()) {
            RunId run = runOn(master);
            state.writeRun(run, 5, "agent.signal", Instant.now(), true);
            runs.add(run);
        }
        assertThat(runs.stream()
                        .map(r -> cluster.nodeForKey(RedisKeys.open(r)).port())
                        .distinct())
                .hasSize(3);
        try (RedisInspector i = inspector(cluster.masters().get(0).uri())) {
            SentinelScan all = i.sentinels(100);
            assertThat(all.sentinels())
                    .extracting(s -> s.runId())
                    .containsExactlyInAnyOrderElementsOf(
                            runs.stream().map(RunId::value).toList());
            assertThat(all.truncated()).isFalse();
            assertThat(all.sentinels())
                    .allSatisfy(s -> assertThat(s.ttlMillis()).isPositive());

            SentinelScan two = i.sentinels(2);
            assertThat(two.sentinels()).hasSize(2);
            assertThat(two.truncated()).isTrue();

            List<StreamInfo> infos = i.streamInfos(runs);
            assertThat(infos).extracting(StreamInfo::lastSeq).containsOnly(5L);
            assertThat(infos).extracting(StreamInfo::seqCounter).containsOnly(5L);
            assertThat(infos).allSatisfy(s -> assertThat(s.open()).isTrue());
        }
    }

    @Test
    void streamAndReap_ofARunOnANonSeedNode_reachTheRunsNode() {
        ClusterNode seed = cluster.masters().get(0);
        ClusterNode other = cluster.masters().get(2);
        RunId run = runOn(other);
        state.writeRun(run, 7, "agent.signal", Instant.now().minus(Duration.ofHours(1)), true);
        Map<String, String> env = env(seed.uri());

        DiagRun.Result stream = DiagRun.run(env, "stream", run.value(), "--output", "json");
        assertThat(stream.exitCode()).as(stream.all()).isEqualTo(ExitCodes.OK);
        JsonNode json = Json.parse(stream.out());
        assertThat(json.get("last_seq").asLong()).isEqualTo(7);
        assertThat(json.get("seq_counter").asLong()).isEqualTo(7);
        assertThat(json.get("sentinel_ttl_ms").asLong()).isPositive();
        assertThat(json.get("last_events"))
                .extracting(e -> e.get("seq").asLong())
                .containsExactly(3L, 4L, 5L, 6L, 7L);

        DiagRun.Result reap = DiagRun.typing(env, run.prefix(), "reap", run.value(), "--force");
        assertThat(reap.exitCode()).as(reap.all()).isEqualTo(ExitCodes.OK);
        assertThat(reap.out()).contains("EXISTS on the four keys: 0").contains("redis-cli -c -u \"$ONE_NODE_URL\" DEL");
        assertThat(state.redis().exists(RedisKeys.all(run).toArray(String[]::new)))
                .isZero();
    }

    @Test
    void clientList_fromEveryNode_mastersAndReplicas_eachRowNamingItsNode() {
        try (RedisInspector i = inspector(seedUrl())) {
            List<ClientInfo> clients = i.clients();
            Set<String> nodes =
                    cluster.nodes().stream().map(n -> n.host() + ":" + n.port()).collect(Collectors.toSet());
            assertThat(clients.stream().map(ClientInfo::node).collect(Collectors.toSet()))
                    .isEqualTo(nodes);
            Set<String> named = clients.stream()
                    .filter(c -> "arena-cli@cluster-it:1".equals(c.name()))
                    .map(ClientInfo::node)
                    .collect(Collectors.toSet());
            assertThat(named)
                    .as("this inspector's connection is named on every node")
                    .isEqualTo(nodes);
        }
    }

    private Map<String, JsonNode> doctorChecks(Map<String, String> env) {
        DiagRun.Result r = DiagRun.run(env, "doctor", "--output", "json");
        Map<String, JsonNode> checks = new HashMap<>();
        Json.parse(r.out()).get("checks").forEach(c -> checks.put(c.get("name").asText(), c));
        assertThat(checks)
                .as(r.all())
                .containsKeys("redis.cluster", "redis.slots", "redis.nodes", "redis.replication", "redis.maxmemory");
        return checks;
    }

    @Test
    void doctor_healthy_thenAMasterKilled_reportsTheFailingNode_thenOkAgainAfterFailover() {
        Map<String, String> env = env(seedUrl());
        Map<String, JsonNode> healthy = doctorChecks(env);
        assertThat(healthy.get("redis.cluster").get("status").asText()).isEqualTo("OK");
        assertThat(healthy.get("redis.cluster").get("message").asText())
                .contains("redis cluster: 3 masters, 3 replicas, cluster_state ok");
        assertThat(healthy.get("redis.slots").get("status").asText()).isEqualTo("OK");
        assertThat(healthy.get("redis.nodes").get("status").asText()).isEqualTo("OK");
        assertThat(healthy.get("redis.replication").get("message").asText())
                .isEqualTo("3 replica(s) linked to their masters");
        assertThat(healthy.get("redis.maxmemory").get("status").asText()).isEqualTo("OK");
        assertThat(healthy.get("redis.maxmemory").get("message").asText()).contains("on all 6 node(s)");

        ClusterNode victim = cluster.masters().get(1);
        ClusterNode replica = cluster.replicasOf(victim).get(0);
        String address = victim.host() + ":" + victim.port();
        // hold the failover back so the failed state stays long enough to be read, then let it happen
        replica.command("CONFIG", "SET", "cluster-replica-no-failover", "yes");
        cluster.kill9(victim);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    Map<String, JsonNode> down = doctorChecks(env);
                    assertThat(down.get("redis.cluster").get("status").asText()).isEqualTo("CRITICAL");
                    assertThat(down.get("redis.cluster").get("message").asText())
                            .contains("cluster_state fail");
                    assertThat(down.get("redis.slots").get("status").asText()).isEqualTo("CRITICAL");
                    assertThat(down.get("redis.nodes").get("status").asText()).isEqualTo("CRITICAL");
                    assertThat(down.get("redis.nodes").get("message").asText()).contains(address + " (master, fail)");
                });
        replica.command("CONFIG", "SET", "cluster-replica-no-failover", "no");
        cluster.awaitFailover(victim);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    Map<String, JsonNode> after = doctorChecks(env);
                    assertThat(after.get("redis.cluster").get("status").asText())
                            .isEqualTo("OK");
                    assertThat(after.get("redis.cluster").get("message").asText())
                            .contains("3 masters, 2 replicas, cluster_state ok, 1 failing");
                    assertThat(after.get("redis.slots").get("status").asText()).isEqualTo("OK");
                    assertThat(after.get("redis.nodes").get("status").asText()).isEqualTo("WARNING");
                    assertThat(after.get("redis.nodes").get("message").asText())
                            .contains(address + " (master, fail) without slots");
                });
    }
}
