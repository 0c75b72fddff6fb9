package dev.arena.diag.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;

/**
 * The connection a {@link RedisLink} sends commands on keys through (to the node serving the key's
 * slot), with the client that opened it: the same commands whether one node or a cluster answers.
 * Closing closes the connection, then releases the client (not the shared client resources).
 *
 * @param connection the connection itself, for auto-flush control while pipelining
 */
record KeyedConnection(
        AbstractRedisClient client,
        StatefulConnection<String, String> connection,
        RedisClusterCommands<String, String> sync,
        RedisClusterAsyncCommands<String, String> async)
        implements AutoCloseable {

    /** A standalone Redis's one connection. */
    static KeyedConnection of(RedisClient client, StatefulRedisConnection<String, String> connection) {
        return new KeyedConnection(client, connection, connection.sync(), connection.async());
    }

    /** A cluster connection, routing each keyed command by slot. */
    static KeyedConnection of(RedisClusterClient client, StatefulRedisClusterConnection<String, String> connection) {
        return new KeyedConnection(client, connection, connection.sync(), connection.async());
    }

    @Override
    public void close() {
        try {
            connection.close();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }
}
