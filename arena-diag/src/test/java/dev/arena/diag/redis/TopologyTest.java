package dev.arena.diag.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Reading a cluster's CLUSTER INFO and CLUSTER NODES replies (Redis 7 format, as captured from the test kit's cluster). */
class TopologyTest {

    private static final String HEALTHY_INFO =
            "cluster_enabled:1\r\ncluster_state:ok\r\ncluster_slots_assigned:16384\r\n"
                    + "cluster_slots_ok:16384\r\ncluster_slots_pfail:0\r\ncluster_slots_fail:0\r\ncluster_known_nodes:6\r\ncluster_size:3\r\n";

    private static final String HEALTHY_NODES = ""
            + "a1 127.0.0.1:7001@17001 myself,master - 0 0 1 connected 0-5460\n"
            + "b2 127.0.0.1:7002@17002 master - 0 1700000000000 2 connected 5461-10922\n"
            + "c3 127.0.0.1:7003@17003 master - 0 1700000000000 3 connected 10923-16383\n"
            + "d4 127.0.0.1:7004@17004 slave a1 0 1700000000000 1 connected\n"
            + "e5 127.0.0.1:7005@17005 slave b2 0 1700000000000 2 connected\n"
            + "f6 127.0.0.1:7006@17006 slave c3 0 1700000000000 3 connected\n";

    @Test
    void healthyCluster_mastersReplicasSlotsAndSummary() {
        Topology t = Topology.fromCluster(HEALTHY_INFO, HEALTHY_NODES, "127.0.0.1:7001");
        assertThat(t.cluster()).isTrue();
        assertThat(t.summary()).isEqualTo("redis cluster: 3 masters, 3 replicas, cluster_state ok");
        assertThat(t.masters())
                .extracting(RedisNode::address)
                .containsExactly("127.0.0.1:7001", "127.0.0.1:7002", "127.0.0.1:7003");
        assertThat(t.masters()).extracting(RedisNode::slots).containsExactly(5461, 5462, 5461);
        assertThat(t.replicas()).extracting(RedisNode::masterId).containsExactly("a1", "b2", "c3");
        assertThat(t.failing()).isEmpty();
        assertThat(t.slotsUnassigned()).isZero();
        assertThat(t.nodes()).allSatisfy(n -> assertThat(n.reachable()).isTrue());
    }

    @Test
    void masterKilled_beforeFailover_isSuspectedThenFailed_andItsSlotsFail() {
        String info = HEALTHY_INFO
                .replace("cluster_state:ok", "cluster_state:fail")
                .replace("cluster_slots_fail:0", "cluster_slots_fail:5462");
        String nodes = HEALTHY_NODES.replace("b2 127.0.0.1:7002@17002 master", "b2 127.0.0.1:7002@17002 master,fail");
        Topology t = Topology.fromCluster(info, nodes, "127.0.0.1:7001");
        assertThat(t.summary()).isEqualTo("redis cluster: 3 masters, 3 replicas, cluster_state fail, 1 failing");
        assertThat(t.failing()).singleElement().satisfies(n -> {
            assertThat(n.label()).isEqualTo("127.0.0.1:7002 (master, fail)");
            assertThat(n.reachable()).isFalse();
        });
        assertThat(t.slotsFail()).isEqualTo(5462);

        Topology suspected = Topology.fromCluster(
                HEALTHY_INFO,
                HEALTHY_NODES.replace("master - 0 1700000000000 2", "master,fail? - 0 1700000000000 2"),
                "127.0.0.1:7001");
        assertThat(suspected.failing()).singleElement().satisfies(n -> assertThat(n.label())
                .isEqualTo("127.0.0.1:7002 (master, fail?)"));
    }

    @Test
    void afterFailover_theFormerMasterHasNoSlots_andCountsNeitherAsMasterNorReplica() {
        String nodes = HEALTHY_NODES
                .replace(
                        "b2 127.0.0.1:7002@17002 master - 0 1700000000000 2 connected 5461-10922",
                        "b2 127.0.0.1:7002@17002 master,fail - 0 1700000000000 2 disconnected")
                .replace(
                        "e5 127.0.0.1:7005@17005 slave b2 0 1700000000000 2 connected",
                        "e5 127.0.0.1:7005@17005 master - 0 1700000000000 7 connected 5461-10922");
        Topology t = Topology.fromCluster(HEALTHY_INFO, nodes, "127.0.0.1:7001");
        assertThat(t.summary()).isEqualTo("redis cluster: 3 masters, 2 replicas, cluster_state ok, 1 failing");
        assertThat(t.failing()).singleElement().satisfies(n -> assertThat(n.slots())
                .isZero());
    }

    @Test
    void hostnamesAndMigratingSlots_areRead() {
        String nodes = "a1 10.0.0.1:7001@17001,redis-a master - 0 0 1 connected 0-16383 [100->-b2]\n";
        Topology t = Topology.fromCluster(HEALTHY_INFO, nodes, "10.0.0.1:7001");
        assertThat(t.masters()).singleElement().satisfies(n -> {
            assertThat(n.address()).isEqualTo("10.0.0.1:7001");
            assertThat(n.slots()).isEqualTo(16384);
        });
    }

    @Test
    void malformedNodesLine_isRefused() {
        assertThatThrownBy(() -> Topology.fromCluster(HEALTHY_INFO, "garbage line\n", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a CLUSTER NODES line");
    }

    @Test
    void standalone_isOneMasterNode() {
        Topology t = Topology.standalone("localhost:6379");
        assertThat(t.cluster()).isFalse();
        assertThat(t.summary()).isEqualTo("redis standalone");
        assertThat(t.nodes()).singleElement().satisfies(n -> {
            assertThat(n.master()).isTrue();
            assertThat(n.reachable()).isTrue();
        });
        assertThat(t.masters()).hasSize(1);
        assertThat(t.failing()).isEmpty();
    }
}
