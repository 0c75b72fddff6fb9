package dev.arena.broker.redis;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * One connection as the broker's parts use it, the same on one Redis and on a cluster: the
 * commands both have in common (keyed ones routed by slot on a cluster) and the connection itself
 * for pipelining ({@code setAutoFlushCommands}) and closing.
 */
record RedisLink(StatefulConnection<String, String> connection, RedisClusterAsyncCommands<String, String> commands) {

    void close() {
        connection.close();
    }
}
