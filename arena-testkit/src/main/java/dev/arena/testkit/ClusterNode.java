package dev.arena.testkit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * One {@code redis-server} of a {@link RedisCluster}. Its identity (cluster node id, loopback port)
 * is fixed for the cluster's life; its role is not — ask the cluster ({@link RedisCluster#masters()},
 * {@link RedisCluster#nodeForKey(String)}), since a failover turns a replica into a master.
 */
public final class ClusterNode {

    private final RedisServer server;
    private final String id;

    ClusterNode(RedisServer server, String id) {
        this.server = server;
        this.id = id;
    }

    /** The node id the cluster knows it by ({@code CLUSTER MYID}). */
    public String id() {
        return id;
    }

    public String host() {
        return server.host();
    }

    public int port() {
        return server.port();
    }

    /** {@code redis://[:password@]127.0.0.1:port} — the node as a seed for a cluster client. */
    public String uri() {
        String password = server.password();
        String auth = password == null
                ? ""
                : ":" + URLEncoder.encode(password, StandardCharsets.UTF_8).replace("+", "%20") + "@";
        return "redis://" + auth + host() + ":" + port();
    }

    /** False after {@link RedisCluster#kill9(ClusterNode)} until {@link RedisCluster#restart(ClusterNode)}. */
    public boolean isRunning() {
        return server.isRunning();
    }

    /** Sends one command to this node alone and returns the first reply line (see {@link RedisServer#command}). */
    public String command(String... args) {
        return server.command(args);
    }

    /** This node's own log, for failure messages. */
    public String log() {
        return server.log();
    }

    RedisServer server() {
        return server;
    }

    @Override
    public String toString() {
        return "node " + host() + ":" + port() + " (" + id.substring(0, Math.min(8, id.length())) + ")";
    }
}
