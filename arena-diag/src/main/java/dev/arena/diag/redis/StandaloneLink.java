package dev.arena.diag.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/** One standalone Redis: the keyed connection is the one node's connection. */
final class StandaloneLink implements RedisLink {

    private final KeyedConnection keyed;
    private final StatefulRedisConnection<String, String> connection;
    private final String address;

    StandaloneLink(RedisClient client, StatefulRedisConnection<String, String> connection, String address) {
        this.keyed = KeyedConnection.of(client, connection);
        this.connection = connection;
        this.address = address;
    }

    @Override
    public KeyedConnection keyed() {
        return keyed;
    }

    @Override
    public Topology topology() {
        return Topology.standalone(address);
    }

    @Override
    public StatefulRedisConnection<String, String> node(RedisNode node) {
        return connection;
    }
}
