package dev.arena.diag.action;

import static dev.arena.diag.action.RotationSetup.envFile;
import static dev.arena.diag.action.RotationSetup.envPassword;
import static dev.arena.diag.action.RotationSetup.rotateLive;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.config.RedisUrl;
import dev.arena.diag.action.RotationSetup.LiveRotation;
import dev.arena.diag.redis.RedisSession;
import dev.arena.diag.support.DiagRun;
import dev.arena.testkit.ClusterNode;
import dev.arena.testkit.RedisCluster;
import io.lettuce.core.KillArgs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Password rotation on a real Redis Cluster (3 masters, 3 replicas, requirepass and masterauth):
 * every node gets and verifies the ACL dual password and the new masterauth, a refusal on any one
 * node rolls every node back, and {@code --finish} removes the old password everywhere. Each test
 * has a cluster of its own, since rotating changes what every node accepts.
 */
class ClusterPasswordRotationIT {

    private static final String OLD = "old-Cluster-Pa55word";
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @TempDir
    Path tmp;

    private RedisCluster cluster;
    private Path envFile;

    @BeforeEach
    void start() throws Exception {
        cluster = RedisCluster.builder()
                .masters(3)
                .replicasPerMaster(1)
                .password(OLD)
                .start();
        envFile = envFile(tmp, "REDIS_PASSWORD=" + OLD + "\nOTHER=kept\n");
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private Map<String, String> env() {
        return RotationSetup.env(
                "redis://:" + OLD + "@"
                        + cluster.masters().stream()
                                .map(n -> n.host() + ":" + n.port())
                                .collect(Collectors.joining(",")),
                tmp);
    }

    private static String nodeUrl(ClusterNode node, String password) {
        return "redis://:" + RedisUrl.encode(password) + "@" + node.host() + ":" + node.port() + "/0";
    }

    private static boolean accepts(ClusterNode node, String password) {
        return PasswordCheck.freshConnection("arena-test@check", TIMEOUT).accepts(nodeUrl(node, password));
    }

    private static String masterauth(ClusterNode node, String password) {
        try (RedisSession s = RedisSession.openNode(nodeUrl(node, password), "arena-test@check", TIMEOUT)) {
            return s.run(c -> c.configGet("masterauth")).get("masterauth");
        }
    }

    private static int passwords(ClusterNode node, String password) {
        try (RedisSession s = RedisSession.openNode(nodeUrl(node, password), "arena-test@check", TIMEOUT)) {
            return AclPasswords.hashes(s, s.topology().nodes().get(0)).size();
        }
    }

    @Test
    void rotation_setsAndVerifiesEveryNode_replicasReauthenticate_finishRemovesTheOldEverywhere() throws Exception {
        List<ClusterNode> nodes = cluster.nodes();
        assertThat(nodes).hasSize(6);
        List<ClusterNode> replicas = cluster.replicas(); // the test kit itself knows only the old password
        assertThat(replicas).hasSize(3);

        DiagRun.Result dry = DiagRun.run(env(), "rotate-password", "--env-file", envFile.toString(), "--dry-run");
        assertThat(dry.exitCode()).as(dry.all()).isZero();
        assertThat(dry.out())
                .contains("redis cluster: 3 masters, 3 replicas, cluster_state ok")
                .contains("all 6 nodes")
                .contains("CONFIG SET masterauth NEW");

        DiagRun.Result first = DiagRun.run(env(), "rotate-password", "--env-file", envFile.toString(), "--yes");
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.out())
                .contains("ACL SETUSER default >NEW on every node (6)")
                .contains("AUTH with NEW on a fresh connection to each of the 6 nodes: OK");
        String fresh = envPassword(envFile);
        assertThat(fresh).isNotEqualTo(OLD);
        for (ClusterNode node : nodes) {
            assertThat(accepts(node, fresh)).as("NEW on " + node).isTrue();
            assertThat(accepts(node, OLD)).as("OLD still on " + node).isTrue();
            assertThat(masterauth(node, fresh)).as("masterauth on " + node).isEqualTo(fresh);
        }

        DiagRun.Result finish =
                DiagRun.run(env(), "rotate-password", "--finish", "--env-file", envFile.toString(), "--yes");
        assertThat(finish.exitCode()).as(finish.all()).isZero();
        assertThat(finish.out())
                .contains("refused on every node, as intended")
                .contains("only the new password is accepted on every node");
        for (ClusterNode node : nodes) {
            assertThat(accepts(node, fresh)).as("NEW on " + node).isTrue();
            assertThat(accepts(node, OLD)).as("OLD gone from " + node).isFalse();
            assertThat(passwords(node, fresh)).as("passwords on " + node).isEqualTo(1);
        }

        // a replica that loses its link must get back in with the new masterauth: the old password is gone
        for (ClusterNode replica : replicas) {
            try (RedisSession s = RedisSession.openNode(nodeUrl(replica, fresh), "arena-test@check", TIMEOUT)) {
                s.run(c -> c.clientKill(KillArgs.Builder.typeMaster()));
                Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    String replication = s.run(c -> c.info("replication"));
                    assertThat(replication)
                            .as(replica + " relinked to its master")
                            .contains("master_link_status:up");
                });
            }
        }
        String printed = dry.all() + first.all() + finish.all() + Files.readString(tmp.resolve("audit.jsonl"));
        assertThat(printed).doesNotContain(OLD).doesNotContain(fresh);
    }

    @Test
    void oneNodeRefusingTheNewPassword_rollsEveryNodeBack() throws Exception {
        String before = Files.readString(envFile);
        ClusterNode refusing = cluster.replicas().get(1);
        PasswordCheck real = PasswordCheck.freshConnection("arena-test@check", TIMEOUT);
        PasswordCheck oneRefuses = url -> (RedisUrl.parse(url).port() != refusing.port()
                        || RedisUrl.parse(url).password().orElse("").equals(OLD))
                && real.accepts(url);
        LiveRotation rotated = rotateLive(env(), envFile, tmp, oneRefuses);

        ActionOutcome outcome = rotated.outcome();
        assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.ROLLED_BACK);
        assertThat(outcome.report().verification())
                .anySatisfy(v -> assertThat(v).contains("FAILED on " + refusing.host() + ":" + refusing.port()));
        assertThat(outcome.report().verification()).anySatisfy(v -> assertThat(v)
                .contains("rolled back on every node")
                .contains("masterauth restored")
                .contains("old password still works on every node"));
        for (String secret : rotated.rotation().secrets()) {
            assertThat(outcome.message() + outcome.report().verification()).doesNotContain(secret);
        }
        assertThat(Files.readString(envFile)).isEqualTo(before);
        for (ClusterNode node : cluster.nodes()) {
            assertThat(accepts(node, OLD)).as("OLD on " + node).isTrue();
            assertThat(passwords(node, OLD))
                    .as("the new password was removed again from " + node)
                    .isEqualTo(1);
            assertThat(masterauth(node, OLD)).as("masterauth back on " + node).isEqualTo(OLD);
        }
    }
}
