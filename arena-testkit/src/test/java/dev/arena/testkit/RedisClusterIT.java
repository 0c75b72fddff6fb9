package dev.arena.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A three-master cluster comes up, serves keys through Lettuce's cluster client and is gone after close. */
class RedisClusterIT {

    @Test
    void threeMasters_comeUpHealthy_andServeAKeyThroughTheClusterClient() {
        long started = System.nanoTime();
        try (RedisCluster cluster = RedisCluster.startNew()) {
            System.out.printf("TIMING cluster start, 3 masters: %d ms%n", (System.nanoTime() - started) / 1_000_000);
            assertThat(cluster.masters()).hasSize(3);
            assertThat(cluster.replicas()).isEmpty();
            assertThat(cluster.nodes())
                    .extracting(ClusterNode::port)
                    .doesNotContain(6379)
                    .doesNotHaveDuplicates();
            assertThat(cluster.seedUrl())
                    .isEqualTo("redis://"
                            + String.join(
                                    ",",
                                    cluster.nodes().stream()
                                            .map(n -> n.host() + ":" + n.port())
                                            .toList()))
                    .startsWith("redis://127.0.0.1:")
                    .doesNotContain("@");

            RedisClusterClient client = RedisClusterClient.create(
                    cluster.seedUris().stream().map(RedisURI::create).toList());
            try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
                for (int i = 0; i < 30; i++) {
                    connection.sync().set("key-" + i, "value-" + i);
                }
                for (int i = 0; i < 30; i++) {
                    assertThat(connection.sync().get("key-" + i)).isEqualTo("value-" + i);
                }
                assertThat(client.getPartitions().getPartitions()).hasSize(3);
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void nodeForKey_isTheNodeThatServesTheKeysSlot() {
        try (RedisCluster cluster = RedisCluster.startNew()) {
            RedisClusterClient client =
                    RedisClusterClient.create(RedisURI.create(cluster.seedUris().get(0)));
            try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
                for (String key :
                        List.of("arena:run:{r-1}:events", "arena:run:{r-2}:events", "alpha", "omega", "{run-77}")) {
                    connection.sync().set(key, "here");
                    int slot = cluster.slotOf(key);
                    assertThat(slot).isEqualTo(SlotHash.getSlot(key));
                    ClusterNode owner = cluster.nodeForKey(key);
                    assertThat(owner.port())
                            .isEqualTo(client.getPartitions()
                                    .getPartitionBySlot(slot)
                                    .getUri()
                                    .getPort());
                    // The owner answers the key itself; every other master redirects.
                    assertThat(directGet(owner, key)).isEqualTo("here");
                    for (ClusterNode other : cluster.masters()) {
                        if (!other.equals(owner)) {
                            assertThatThrownBy(() -> directGet(other, key)).hasMessageContaining("MOVED " + slot);
                        }
                    }
                }
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void password_isRequiredByEveryNode_andCarriedInTheSeedUris() {
        try (RedisCluster cluster =
                RedisCluster.builder().password("s3cret/pa ss").start()) {
            assertThat(cluster.seedUris())
                    .allSatisfy(uri -> assertThat(uri).startsWith("redis://:s3cret%2Fpa%20ss@127.0.0.1:"));
            assertThat(cluster.nodes()).allSatisfy(node -> {
                try (RespConnection anonymous =
                        RespConnection.open(node.host(), node.port(), null, Duration.ofSeconds(2))) {
                    assertThatThrownBy(() -> anonymous.call("GET", "x")).hasMessageContaining("NOAUTH");
                }
            });
            RedisClusterClient client = RedisClusterClient.create(cluster.nodes().stream()
                    .map(node -> RedisURI.builder()
                            .withHost(node.host())
                            .withPort(node.port())
                            .withPassword(cluster.password().toCharArray())
                            .build())
                    .toList());
            try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
                connection.sync().set("k", "v");
                assertThat(connection.sync().get("k")).isEqualTo("v");
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void close_stopsEveryNode() {
        RedisCluster cluster = RedisCluster.startNew();
        List<ClusterNode> nodes = cluster.nodes();
        cluster.close();
        assertThat(nodes).allSatisfy(node -> {
            assertThat(node.isRunning()).isFalse();
            assertThatThrownBy(() -> {
                        try (Socket socket = new Socket()) {
                            socket.connect(new InetSocketAddress(node.host(), node.port()), 500);
                        }
                    })
                    .isInstanceOf(IOException.class);
        });
        cluster.close();
    }

    @Test
    void privateRedisCluster_restartsKilledNodesAndEmptiesTheClusterBeforeEachTest() {
        PrivateRedisCluster extension = new PrivateRedisCluster();
        extension.beforeAll(null);
        try {
            RedisCluster cluster = extension.cluster();
            ClusterNode owner = cluster.nodeForKey("left-over");
            assertThat(owner.command("SET", "left-over", "1")).isEqualTo("+OK");
            ClusterNode victim = cluster.masters().stream()
                    .filter(n -> !n.equals(owner))
                    .findFirst()
                    .orElseThrow();
            cluster.kill9(victim);

            extension.beforeEach(null);

            assertThat(victim.isRunning()).isTrue();
            assertThat(cluster.masters()).hasSize(3);
            assertThat(owner.command("EXISTS", "left-over")).isEqualTo(":0");
        } finally {
            extension.afterAll(null);
        }
        assertThatThrownBy(extension::cluster).hasMessageContaining("outside its test class's lifecycle");
    }

    private static String directGet(ClusterNode node, String key) {
        RedisClient client = RedisClient.create(RedisURI.create(node.uri()));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().get(key);
        } finally {
            client.shutdown();
        }
    }
}
