package dev.arena.diag.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.config.ArenaConfig;
import dev.arena.diag.DiagContext;
import dev.arena.diag.Status;
import dev.arena.diag.redis.NodeInfo;
import dev.arena.diag.redis.RedisNode;
import dev.arena.diag.redis.RedisServerInfo;
import dev.arena.wire.Backend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each doctor check's OK / WARNING / CRITICAL / UNKNOWN rule, without a server or Redis. */
class DoctorRulesTest {

    private static DiagContext context(Map<String, String> env, String redisFlag) {
        return DiagContext.from(ArenaConfig.from(env), null, redisFlag, false);
    }

    private static CheckResult env(Map<String, String> env) {
        return DoctorRules.env(env, context(env, null));
    }

    @Test
    void env_unparsable_isUnknown_namingTheVariable() {
        Map<String, String> bad = Map.of("ARENA_RUN_TTL", "forever");
        CheckResult r = DoctorRules.env(bad, context(Map.of(), null));
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.message()).contains("ARENA_RUN_TTL").contains("forever");
        assertThat(r.hint()).isEqualTo("fix ARENA_RUN_TTL in this shell's environment");
    }

    @Test
    void env_urlAndPasswordDisagree_isWarning() {
        CheckResult r = env(Map.of("REDIS_URL", "redis://:one@localhost:6379/0", "REDIS_PASSWORD", "two"));
        assertThat(r.status()).isEqualTo(Status.WARNING);
        assertThat(r.message()).contains("disagree").doesNotContain("one").doesNotContain("two");
    }

    @Test
    void env_urlAndPasswordAgree_isOk() {
        assertThat(env(Map.of("REDIS_URL", "redis://:same@localhost:6379/0", "REDIS_PASSWORD", "same"))
                        .status())
                .isEqualTo(Status.OK);
    }

    @Test
    void env_redisBackendWithoutCredentials_isWarning_unlessRedisWasGivenExplicitly() {
        Map<String, String> e = Map.of("ARENA_BROKER_BACKEND", "redis");
        assertThat(env(e).status()).isEqualTo(Status.WARNING);
        assertThat(env(e).message()).contains("neither REDIS_URL nor REDIS_PASSWORD");
        assertThat(DoctorRules.env(e, context(e, "redis://localhost:6380/0")).status())
                .isEqualTo(Status.OK);
    }

    @Test
    void env_inprocessDefaults_isOk_sayingTheBackend() {
        CheckResult r = env(Map.of());
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.hint()).isNull();
        assertThat(r.message()).isEqualTo("environment parses; backend inprocess");
    }

    @Test
    void env_aBadStoreUrl_isUnknown_namingArenaDb_withThePasswordMasked() {
        Map<String, String> bad = Map.of("ARENA_DB", "postgresql://arena:doctor-pw-77@db:5432");
        CheckResult r = DoctorRules.env(bad, context(Map.of(), null));
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.message())
                .contains("ARENA_DB 'postgresql://arena:***@db:5432' names no database")
                .doesNotContain("doctor-pw-77");
        assertThat(r.hint()).isEqualTo("fix ARENA_DB in this shell's environment");
    }

    @Test
    void unreadableSource_isUnknown_withTheFailure() {
        CheckResult r = DoctorRules.unreadable("server", "connection refused", "start `arena server`");
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.message()).isEqualTo("connection refused");
    }

    @Test
    void server_okHealth_isOk_otherwiseWarning() {
        assertThat(DoctorRules.server("ok", "redis", 42, "1.0").status()).isEqualTo(Status.OK);
        assertThat(DoctorRules.server("ok", "redis", 42, "1.0").message())
                .isEqualTo("reachable, redis, up 42s, version 1.0");
        CheckResult degraded = DoctorRules.server("degraded", "redis", 42, "1.0");
        assertThat(degraded.status()).isEqualTo(Status.WARNING);
        assertThat(degraded.message()).isEqualTo("reachable but degraded");
    }

    @Test
    void backend_takesTheComparisonStatus_andItsLastMessage() {
        BackendReport mismatch = BackendCheck.compare(
                Backend.INPROCESS,
                "redis://localhost:6379/0",
                "http://s",
                "redis",
                "redis://localhost:6379/0",
                new ArrayList<>());
        CheckResult r = DoctorRules.backend(mismatch);
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
        assertThat(r.message())
                .startsWith("MISMATCH: this shell would publish to inprocess but the server reads redis");
        assertThat(r.hint()).contains("arena diag backend");
    }

    @Test
    void backendComparison_sameBackendAndRedis_isOk_differentRedis_isCritical() {
        BackendReport same = BackendCheck.compare(
                Backend.REDIS,
                "redis://localhost:6379/0",
                "http://s",
                "redis",
                "redis://127.0.0.1:6379/0",
                new ArrayList<>(List.of("this shell")));
        assertThat(same.status()).isEqualTo(Status.OK);
        assertThat(same.serverReachable()).isTrue();
        assertThat(DoctorRules.backend(same).hint()).isNull();
        BackendReport otherDb = BackendCheck.compare(
                Backend.REDIS,
                "redis://localhost:6379/0",
                "http://s",
                "redis",
                "redis://localhost:6379/1",
                new ArrayList<>());
        assertThat(otherDb.status()).isEqualTo(Status.CRITICAL);
        assertThat(otherDb.messages().get(otherDb.messages().size() - 1)).contains("different servers/databases");
    }

    @Test
    void backendComparison_aServerOnTheInProcessBackend_isCritical_withTheFix_whateverThisShellSelects() {
        BackendReport bothInProcess = BackendCheck.compare(
                Backend.INPROCESS, "redis://localhost:6379/0", "http://s", "inprocess", null, new ArrayList<>());
        assertThat(bothInProcess.status()).isEqualTo(Status.CRITICAL);
        String fix = bothInProcess.messages().get(bothInProcess.messages().size() - 1);
        assertThat(fix)
                .startsWith("NOT SHARED: the server runs the in-process backend")
                .contains("go into this process's own in-process broker")
                .contains("ARENA_BROKER_BACKEND=redis REDIS_URL=redis://…")
                .contains("arena demo");
        BackendReport shellOnRedis = BackendCheck.compare(
                Backend.REDIS, "redis://:***@localhost:6379/0", "http://s", "inprocess", null, new ArrayList<>());
        assertThat(shellOnRedis.status()).isEqualTo(Status.CRITICAL);
        assertThat(shellOnRedis.messages().get(shellOnRedis.messages().size() - 1))
                .contains("go to redis://:***@localhost:6379/0")
                .doesNotContain("Set ARENA_BROKER_BACKEND=inprocess");
    }

    @Test
    void streamsDropped_anyIsWarning() {
        assertThat(DoctorRules.streamsDropped(0, 0).status()).isEqualTo(Status.OK);
        assertThat(DoctorRules.streamsDropped(2, 0).status()).isEqualTo(Status.WARNING);
        assertThat(DoctorRules.streamsDropped(2, 0).message()).startsWith("2 reader(s)");
    }

    @Test
    void lostRuns_areCriticalNamingTheCause_andRetentionIsNotBlamed() {
        assertThat(DoctorRules.runsLost(0, null)).isEmpty();
        assertThat(DoctorRules.runsLost(1, "Redis has AOF off (appendonly no), up 3s"))
                .hasValueSatisfying(r -> {
                    assertThat(r.status()).isEqualTo(Status.CRITICAL);
                    assertThat(r.message())
                            .contains("1 run(s) lost")
                            .contains("restarted without persistence or was flushed")
                            .contains("appendonly no");
                    assertThat(r.hint()).contains("appendonly yes").contains("runbooks/redis-operations.md");
                });
        CheckResult dropped = DoctorRules.streamsDropped(2, 1);
        assertThat(dropped.status()).isEqualTo(Status.WARNING);
        assertThat(dropped.message()).contains("lost run");
        assertThat(dropped.hint()).startsWith("see runs_lost first");
    }

    @Test
    void forks_anyStuckIsCritical() {
        assertThat(DoctorRules.forks(0, 3).status()).isEqualTo(Status.OK);
        assertThat(DoctorRules.forks(0, 3).message()).isEqualTo("3 fork task(s) running, none stuck");
        assertThat(DoctorRules.forks(1, 3).status()).isEqualTo(Status.CRITICAL);
        assertThat(DoctorRules.forks(1, 3).message()).isEqualTo("1 stuck fork task(s) of 3 running");
    }

    @Test
    void publishFailures_anyIsAWarningLine_noneIsNoLine() {
        assertThat(DoctorRules.publishFailures(0)).isEmpty();
        assertThat(DoctorRules.publishFailures(5))
                .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(Status.WARNING));
    }

    @Test
    void redis_reachable_isOk() {
        CheckResult r = DoctorRules.redis("redis://:***@localhost:6379/0", "7.2.4", 0.456);
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.message()).endsWith("Redis 7.2.4, ping 0.46 ms");
    }

    @Test
    void maxmemory_evictingPolicyIsWarning() {
        assertThat(DoctorRules.maxmemory(true, "allkeys-lru", 100).status()).isEqualTo(Status.WARNING);
        assertThat(DoctorRules.maxmemory(false, "noeviction", 0).status()).isEqualTo(Status.OK);
        assertThat(DoctorRules.maxmemory(false, "noeviction", 0).message()).endsWith("(no memory limit)");
        assertThat(DoctorRules.maxmemory(false, "noeviction", 1024).message()).endsWith("limit 1024 bytes");
    }

    @Test
    void runsOpen_mismatchOnARedisServer_isWarning_onlyWhenTheScanIsComplete() {
        assertThat(DoctorRules.runsOpen("redis", 3, 5, false).status()).isEqualTo(Status.WARNING);
        assertThat(DoctorRules.runsOpen("redis", 3, 5, true).status()).isEqualTo(Status.OK);
        assertThat(DoctorRules.runsOpen("redis", 5, 5, false).status()).isEqualTo(Status.OK);
        assertThat(DoctorRules.runsOpen("inprocess", 3, 5, false).status()).isEqualTo(Status.OK);
        CheckResult noServer = DoctorRules.runsOpen(null, 0, 5, false);
        assertThat(noServer.status()).isEqualTo(Status.OK);
        assertThat(noServer.message()).isEqualTo("5 sentinel(s)");
    }

    @Test
    void sentinelProgress_anyStaleRunIsCritical_pointingAtTriage() {
        Duration grace = Duration.ofMinutes(30);
        assertThat(DoctorRules.sentinelProgress(List.of(), grace).status()).isEqualTo(Status.OK);
        CheckResult stale = DoctorRules.sentinelProgress(List.of("run-a", "run-b"), grace);
        assertThat(stale.status()).isEqualTo(Status.CRITICAL);
        assertThat(stale.message())
                .startsWith("2 open run(s) with no progress for over")
                .contains("run-a");
        assertThat(stale.hint()).isEqualTo("arena diag triage run-a");
    }

    @Test
    void sentinelTtl_withoutExpiryIsAWarningLine_noneIsNoLine() {
        assertThat(DoctorRules.sentinelTtl(0)).isEmpty();
        assertThat(DoctorRules.sentinelTtl(1))
                .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(Status.WARNING));
    }

    // --- Redis Cluster rules ---

    private static RedisNode node(String address, boolean master, int slots, String... flags) {
        return new RedisNode(address, address, master, master ? null : "m", Set.of(flags), slots);
    }

    private static NodeInfo info(String address, String policy) {
        return new NodeInfo(
                node(address, true, 1), new RedisServerInfo("7.0.15", 0, policy, 0, 1, 0.1, 0, false, 1, null), null);
    }

    @Test
    void clusterState_ok_isOk_withTheTopologyLine_elseCritical() {
        CheckResult ok = DoctorRules.clusterState(
                "redis cluster: 3 masters, 3 replicas, cluster_state ok", "ok", "127.0.0.1:7001");
        assertThat(ok.status()).isEqualTo(Status.OK);
        assertThat(ok.message())
                .isEqualTo("redis cluster: 3 masters, 3 replicas, cluster_state ok (as 127.0.0.1:7001 sees it)");
        CheckResult fail = DoctorRules.clusterState(
                "redis cluster: 3 masters, 3 replicas, cluster_state fail, 1 failing", "fail", "x");
        assertThat(fail.status()).isEqualTo(Status.CRITICAL);
        assertThat(fail.hint()).contains("cluster_state is fail");
    }

    @Test
    void slots_allAssigned_isOk_pfailIsWarning_unassignedOrFailIsCritical() {
        assertThat(DoctorRules.slots(16384, 0, 0).status()).isEqualTo(Status.OK);
        assertThat(DoctorRules.slots(16384, 0, 0).message()).isEqualTo("all 16384 slots assigned and served");
        CheckResult pfail = DoctorRules.slots(16384, 5461, 0);
        assertThat(pfail.status()).isEqualTo(Status.WARNING);
        assertThat(pfail.message()).contains("5461 slots on a master suspected down");
        CheckResult unassigned = DoctorRules.slots(16000, 0, 0);
        assertThat(unassigned.status()).isEqualTo(Status.CRITICAL);
        assertThat(unassigned.message()).isEqualTo("384 of 16384 slots assigned to no master");
        assertThat(unassigned.hint()).contains("redis-cli --cluster fix");
        CheckResult failed = DoctorRules.slots(16384, 0, 5462);
        assertThat(failed.status()).isEqualTo(Status.CRITICAL);
        assertThat(failed.message()).isEqualTo("5462 slots on a failed master");
    }

    @Test
    void failingNodes_noneIsOk_slotServingIsCritical_otherwiseWarning() {
        assertThat(DoctorRules.failingNodes(List.of(), List.of(), 6).status()).isEqualTo(Status.OK);
        assertThat(DoctorRules.failingNodes(List.of(), List.of(), 6).message()).isEqualTo("6 node(s), none failing");
        CheckResult master =
                DoctorRules.failingNodes(List.of(node("127.0.0.1:7002", true, 5462, "master", "fail")), List.of(), 6);
        assertThat(master.status()).isEqualTo(Status.CRITICAL);
        assertThat(master.message()).isEqualTo("1 of 6 node(s) failing: 127.0.0.1:7002 (master, fail)");
        CheckResult suspected =
                DoctorRules.failingNodes(List.of(node("127.0.0.1:7002", true, 5462, "master", "fail?")), List.of(), 6);
        assertThat(suspected.status()).isEqualTo(Status.CRITICAL);
        CheckResult failedOver =
                DoctorRules.failingNodes(List.of(node("127.0.0.1:7002", true, 0, "master", "fail")), List.of(), 6);
        assertThat(failedOver.status()).isEqualTo(Status.WARNING);
        assertThat(failedOver.message()).contains("127.0.0.1:7002 (master, fail) without slots");
        assertThat(failedOver.hint()).contains("rejoins as a replica");
        CheckResult silent = DoctorRules.failingNodes(
                List.of(),
                List.of(new NodeInfo(node("127.0.0.1:7002", true, 5462, "master"), null, "does not answer")),
                6);
        assertThat(silent.status())
                .as("a crashed master before the cluster flags it")
                .isEqualTo(Status.CRITICAL);
        assertThat(silent.message())
                .isEqualTo(
                        "1 of 6 node(s) failing: 127.0.0.1:7002 (master) does not answer (not flagged by the cluster)");
        CheckResult stalePassword = DoctorRules.failingNodes(
                List.of(),
                List.of(new NodeInfo(node("127.0.0.1:7004", false, 0, "slave"), null, "refuses the password")),
                6);
        assertThat(stalePassword.status()).isEqualTo(Status.WARNING);
        assertThat(stalePassword.hint()).contains("old requirepass/masterauth");
        CheckResult replica =
                DoctorRules.failingNodes(List.of(node("127.0.0.1:7004", false, 0, "slave", "fail")), List.of(), 6);
        assertThat(replica.status()).isEqualTo(Status.WARNING);
        assertThat(replica.message()).contains("127.0.0.1:7004 (replica, fail)");
    }

    @Test
    void replication_everyReplicaLinked_isOk_aLinkDown_isWarningNamingIt() {
        NodeInfo master = info("a:1", "noeviction");
        NodeInfo up = new NodeInfo(
                node("b:2", false, 0),
                new RedisServerInfo("7.0.15", 0, "noeviction", 0, 1, 0.1, 0, false, 1, "up"),
                null);
        NodeInfo down = new NodeInfo(
                node("c:3", false, 0),
                new RedisServerInfo("7.0.15", 0, "noeviction", 0, 1, 0.1, 0, false, 1, "down"),
                null);
        CheckResult ok = DoctorRules.replication(List.of(master, up));
        assertThat(ok.status()).isEqualTo(Status.OK);
        assertThat(ok.message()).isEqualTo("1 replica(s) linked to their masters");
        CheckResult bad = DoctorRules.replication(List.of(master, up, down));
        assertThat(bad.status()).isEqualTo(Status.WARNING);
        assertThat(bad.message()).isEqualTo("c:3 master_link_status down");
        assertThat(bad.hint()).contains("masterauth");
    }

    @Test
    void maxmemoryPerNode_anyEvictingNodeIsWarningNamingIt_unaskedNodesListed() {
        CheckResult ok = DoctorRules.maxmemoryPerNode(List.of(info("a:1", "noeviction"), info("b:2", "noeviction")));
        assertThat(ok.status()).isEqualTo(Status.OK);
        assertThat(ok.message()).isEqualTo("maxmemory-policy noeviction on all 2 node(s) asked");
        CheckResult evicting = DoctorRules.maxmemoryPerNode(List.of(
                info("a:1", "noeviction"),
                info("b:2", "allkeys-lru"),
                new NodeInfo(node("c:3", true, 0, "master", "fail"), null, "flagged fail by the cluster")));
        assertThat(evicting.status()).isEqualTo(Status.WARNING);
        assertThat(evicting.message())
                .contains("b:2 allkeys-lru")
                .doesNotContain("a:1 noeviction")
                .contains("not asked: c:3");
        assertThat(evicting.hint()).contains("noeviction");
    }

    @Test
    void archive_isOkWhileTheStoreKeepsUp_andWarnsPastTheLagThreshold() {
        CheckResult caughtUp = DoctorRules.archive(0, 0, 0);
        assertThat(caughtUp.status()).isEqualTo(Status.OK);
        assertThat(caughtUp.message()).isEqualTo("the store holds every event Redis has");

        assertThat(DoctorRules.archive(120, 2.5, 0).status()).isEqualTo(Status.OK);

        CheckResult behind = DoctorRules.archive(4000, 31.0, 0);
        assertThat(behind.status()).isEqualTo(Status.WARNING);
        assertThat(behind.message())
                .isEqualTo("the worst run's store is 4000 event(s), 31.0 s behind Redis (past 30 s)");
        assertThat(behind.hint()).contains("Archive lag grows");
    }

    @Test
    void retention_namesTheCountBound_andTheAgeBoundWhenSet_withinAnEightyColumnTable() {
        CheckResult count = DoctorRules.retention(10_000, null).orElseThrow();
        assertThat(count.status()).isEqualTo(Status.OK);
        assertThat(count.message()).isEqualTo("newest 10000 events per live run (no age bound)");

        CheckResult both = DoctorRules.retention(10_000, 3600L).orElseThrow();
        assertThat(both.status()).isEqualTo(Status.OK);
        assertThat(both.message()).isEqualTo("newest 10000 events, those archived under 1h old");

        // the table's CHECK column is 19 wide (sentinel_progress), STATUS 10 (CRITICAL): 51 columns are left
        assertThat(DoctorRules.retention(1_000_000, 5400L).orElseThrow().message())
                .hasSizeLessThanOrEqualTo(51);
        assertThat(DoctorRules.retention(1_000_000, null).orElseThrow().message())
                .hasSizeLessThanOrEqualTo(51);
        assertThat(DoctorRules.retention(0, null))
                .as("an older server reports no retention")
                .isEmpty();
    }

    @Test
    void archive_warnsWhenEventsWereTrimmedBeforeTheyWereArchived() {
        CheckResult trimmed = DoctorRules.archive(0, 0, 17);
        assertThat(trimmed.status()).isEqualTo(Status.WARNING);
        assertThat(trimmed.message()).startsWith("17 event(s) were trimmed from Redis before they were archived");
        assertThat(trimmed.hint()).contains("ARENA_STREAM_MAXLEN");
    }
}
