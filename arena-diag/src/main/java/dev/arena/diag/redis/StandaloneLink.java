package dev.arena.diag.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;

/** One standalone Redis: the keyed connection is the one node's connection. */
final class StandaloneLink implements RedisLink {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final String address;

    StandaloneLink(RedisClient client, StatefulRedisConnection<String, String> connection, String address) {
        this.client = client;
        this.connection = connection;
        this.address = address;
    }

    @Override
    public StatefulConnection<String, String> keyed() {
        return connection;
    }

    @Override
    public RedisClusterCommands<String, String> sync() {
        return connection.sync();
    }

    @Override
    public RedisClusterAsyncCommands<String, String> async() {
        return connection.async();
    }

    @Override
    public Topology topology() {
        return Topology.standalone(address);
    }

    @Override
    public StatefulRedisConnection<String, String> node(RedisNode node) {
        return connection;
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
