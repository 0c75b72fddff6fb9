package dev.arena.diag.redis;

import io.lettuce.core.api.StatefulRedisConnection;

/**
 * How a {@link RedisSession} reaches Redis: the keyed connection (commands on keys go to the
 * node that serves the key's slot) and a connection to each node by itself. A standalone Redis is
 * the one-node case ({@link StandaloneLink}); a cluster is {@link ClusterLink}. Closing releases
 * the client (not the shared client resources).
 */
interface RedisLink extends AutoCloseable {

    /** The keyed connection and its commands. */
    KeyedConnection keyed();

    /** What is there now, read fresh from a node. */
    Topology topology();

    /** A connection to {@code node} alone (owned by the link: do not close it). */
    StatefulRedisConnection<String, String> node(RedisNode node);

    @Override
    default void close() {
        keyed().close();
    }
}
