package dev.arena.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Three masters with a replica each: SIGKILL of a master promotes its replica and the data stays readable. */
class RedisClusterFailoverIT {

    private static final String PASSWORD = "fail-0ver-pass";

    @Test
    void kill9OfAMaster_promotesItsReplica_andTheKeyStaysReadable() {
        long started = System.nanoTime();
        try (RedisCluster cluster =
                RedisCluster.builder().replicasPerMaster(1).password(PASSWORD).start()) {
            System.out.printf(
                    "TIMING cluster start, 3 masters + 3 replicas: %d ms%n", (System.nanoTime() - started) / 1_000_000);
            assertThat(cluster.masters()).hasSize(3);
            assertThat(cluster.replicas()).hasSize(3);
            assertThat(cluster.masters())
                    .allSatisfy(m -> assertThat(cluster.replicasOf(m)).hasSize(1));

            RedisClusterClient client = RedisClusterClient.create(cluster.nodes().stream()
                    .map(n -> RedisURI.builder()
                            .withHost(n.host())
                            .withPort(n.port())
                            .withPassword(PASSWORD.toCharArray())
                            .build())
                    .toList());
            client.setOptions(ClusterClientOptions.builder()
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enablePeriodicRefresh(Duration.ofMillis(500))
                            .enableAllAdaptiveRefreshTriggers()
                            .build())
                    .build());
            try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
                connection.setTimeout(Duration.ofSeconds(2));
                String key = "arena:run:{failover}:events";
                connection.sync().set(key, "survives");
                cluster.awaitReplicasCaughtUp();

                ClusterNode master = cluster.nodeForKey(key);
                ClusterNode replica = cluster.replicasOf(master).get(0);
                long killed = System.nanoTime();
                cluster.kill9(master);
                ClusterNode promoted = cluster.awaitFailover(master);
                long failedOver = System.nanoTime();
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> "survives"
                        .equals(connection.sync().get(key)));
                long readable = System.nanoTime();
                System.out.printf(
                        "TIMING failover (cluster-node-timeout 2000 ms): kill -9 -> replica promoted and cluster_state ok: %d ms;"
                                + " -> key readable through Lettuce: %d ms%n",
                        (failedOver - killed) / 1_000_000, (readable - killed) / 1_000_000);

                assertThat(promoted).isEqualTo(replica);
                assertThat(cluster.nodeForKey(key)).isEqualTo(promoted);
                assertThat(cluster.masters()).hasSize(3).contains(promoted).doesNotContain(master);

                connection.sync().set(key, "after failover");
                long restarting = System.nanoTime();
                cluster.restart(master);
                System.out.printf(
                        "TIMING restart of the killed master until it is a healthy replica: %d ms%n",
                        (System.nanoTime() - restarting) / 1_000_000);
                assertThat(cluster.replicasOf(promoted)).containsExactly(master);
                assertThat(connection.sync().get(key)).isEqualTo("after failover");
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void awaitFailover_refusesANodeThatWasNotKilled() {
        try (RedisCluster cluster = RedisCluster.builder()
                .masters(3)
                .replicasPerMaster(1)
                .timeout(Duration.ofSeconds(20))
                .start()) {
            ClusterNode master = cluster.masters().get(0);
            ClusterNode replica = cluster.replicasOf(master).get(0);

            assertThatThrownBy(() -> cluster.awaitFailover(master))
                    .hasMessageContaining("still running: kill9 it first");
            assertThatThrownBy(() -> cluster.awaitFailover(replica))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("served no slots");
        }
    }
}
