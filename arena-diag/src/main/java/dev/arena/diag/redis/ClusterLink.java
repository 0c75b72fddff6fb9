package dev.arena.diag.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A Redis Cluster through Lettuce's cluster client: keyed commands are routed by slot (a run's
 * keys share the {@code {<id>}} hash tag, so they reach the run's master); node connections come
 * from the client's pool. The topology is asked of the nodes themselves, healthy ones first, so a
 * dead seed does not hide the rest of the cluster.
 */
final class ClusterLink implements RedisLink {

    private final RedisClusterClient client;
    private final StatefulRedisClusterConnection<String, String> connection;
    private final KeyedConnection keyed;

    ClusterLink(RedisClusterClient client, StatefulRedisClusterConnection<String, String> connection) {
        this.client = client;
        this.connection = connection;
        this.keyed = KeyedConnection.of(client, connection);
    }

    @Override
    public KeyedConnection keyed() {
        return keyed;
    }

    @Override
    public Topology topology() {
        List<RedisClusterNode> known = new ArrayList<>(client.getPartitions().getPartitions());
        known.sort(Comparator.comparing((RedisClusterNode n) ->
                n.is(RedisClusterNode.NodeFlag.FAIL) || n.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL)));
        RuntimeException last = null;
        for (RedisClusterNode n : known) {
            String address = n.getUri().getHost() + ":" + n.getUri().getPort();
            try {
                RedisCommands<String, String> cmd = connection
                        .getConnection(n.getUri().getHost(), n.getUri().getPort())
                        .sync();
                return Topology.fromCluster(cmd.clusterInfo(), cmd.clusterNodes(), address);
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw last != null ? last : new IllegalStateException("the cluster client knows no node");
    }

    @Override
    public StatefulRedisConnection<String, String> node(RedisNode node) {
        int colon = node.address().lastIndexOf(':');
        return connection.getConnection(
                node.address().substring(0, colon),
                Integer.parseInt(node.address().substring(colon + 1)));
    }
}
