package dev.arena.broker.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The publisher's connections: one per master it has written to, opened on demand, each with the
 * publish scripts loaded and auto-flush off so a cycle is pipelined per node. None reconnects by
 * itself (Lettuce would replay an in-flight publish): a link that broke is dropped and the next
 * cycle opens a fresh one to whichever node then owns the slot. Owned by the writer thread.
 */
final class PublishLinks {

    private final RedisConnector connector;
    private final List<PublishScript> scripts;
    private final Map<String, StatefulRedisConnection<String, String>> open = new HashMap<>();

    PublishLinks(RedisConnector connector, List<PublishScript> scripts) {
        this.connector = connector;
        this.scripts = List.copyOf(scripts);
    }

    /** Opens a link to every current master now, so start-up failures surface in connect. */
    void openAll() {
        for (RedisTopology.Node master : connector.topology().masters()) {
            to(master);
        }
    }

    /** The link to {@code node}, opening it (and loading the scripts) if needed. */
    StatefulRedisConnection<String, String> to(RedisTopology.Node node) {
        StatefulRedisConnection<String, String> c = open.get(node.address());
        if (c != null && c.isOpen()) {
            return c;
        }
        c = connector.isCluster() ? connector.node(node, "/pub") : connector.dedicated("/pub");
        try {
            for (PublishScript script : scripts) {
                c.sync().scriptLoad(script.source); // a restarted or promoted node has an empty script cache
            }
            c.setAutoFlushCommands(false);
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        open.put(node.address(), c);
        return c;
    }

    /** Drops the link to {@code node} after it broke; the next cycle opens a fresh one. */
    void drop(RedisTopology.Node node) {
        StatefulRedisConnection<String, String> c = open.remove(node.address());
        if (c != null) {
            c.close();
        }
    }

    /** Drops links to nodes that are no longer masters. */
    void retain(RedisTopology topology) {
        open.entrySet().removeIf(e -> {
            boolean keep = topology.masters().stream().anyMatch(m -> m.address().equals(e.getKey()));
            if (!keep) {
                e.getValue().close();
            }
            return !keep;
        });
    }

    void closeAll() {
        open.values().forEach(StatefulRedisConnection::close);
        open.clear();
    }
}
