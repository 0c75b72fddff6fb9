package dev.arena.broker.redis;

import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The Redis nodes a broker talks to, as last seen: one master owning every slot on a standalone
 * Redis, or a cluster's masters (each with its slots and replica count) and replicas. The
 * publisher routes a run's batch to the master of its slot and waits for that master's replicas;
 * the tailer subscribes per master; {@link #describe()} is the line operators see.
 */
final class RedisTopology {

    /** One node: where it is, whether it is a master, and (for a master) how many healthy replicas follow it. */
    record Node(String id, String host, int port, boolean master, int replicas, boolean failing) {
        String address() {
            return host + ":" + port;
        }
    }

    static final int SLOTS = SlotHash.SLOT_COUNT;

    private final boolean cluster;
    private final List<Node> nodes;
    private final Node[] masterBySlot;

    private RedisTopology(boolean cluster, List<Node> nodes, Node[] masterBySlot) {
        this.cluster = cluster;
        this.nodes = List.copyOf(nodes);
        this.masterBySlot = masterBySlot;
    }

    static RedisTopology standalone(String host, int port) {
        Node only = new Node("standalone", host, port, true, 0, false);
        Node[] all = new Node[SLOTS];
        Arrays.fill(all, only);
        return new RedisTopology(false, List.of(only), all);
    }

    static RedisTopology of(Partitions partitions) {
        List<Node> nodes = new ArrayList<>();
        Node[] bySlot = new Node[SLOTS];
        List<RedisClusterNode> all = new ArrayList<>(partitions.getPartitions());
        for (RedisClusterNode n : all) {
            boolean master = n.is(RedisClusterNode.NodeFlag.UPSTREAM);
            int replicas = 0;
            if (master) {
                for (RedisClusterNode r : all) {
                    if (n.getNodeId().equals(r.getSlaveOf()) && !failing(r)) {
                        replicas++;
                    }
                }
            }
            Node node =
                    new Node(n.getNodeId(), n.getUri().getHost(), n.getUri().getPort(), master, replicas, failing(n));
            nodes.add(node);
            if (master && !node.failing()) {
                for (int slot : n.getSlots()) {
                    bySlot[slot] = node;
                }
            }
        }
        return new RedisTopology(true, nodes, bySlot);
    }

    private static boolean failing(RedisClusterNode n) {
        return n.is(RedisClusterNode.NodeFlag.FAIL)
                || n.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL)
                || n.is(RedisClusterNode.NodeFlag.NOADDR);
    }

    boolean isCluster() {
        return cluster;
    }

    List<Node> nodes() {
        return nodes;
    }

    List<Node> masters() {
        return nodes.stream().filter(n -> n.master() && !n.failing()).toList();
    }

    /** The master that serves {@code key}'s slot, or null while no healthy master owns it. */
    Node masterFor(String key) {
        return masterBySlot[SlotHash.getSlot(key)];
    }

    /** Slots without a healthy master. */
    int uncoveredSlots() {
        int n = 0;
        for (Node node : masterBySlot) {
            if (node == null) {
                n++;
            }
        }
        return n;
    }

    /** e.g. {@code redis cluster: 3 masters, 3 replicas, all 16384 slots served} or {@code redis standalone}. */
    String describe() {
        if (!cluster) {
            return "redis standalone " + nodes.get(0).address();
        }
        long masters = masters().size();
        long replicas = nodes.stream().filter(n -> !n.master() && !n.failing()).count();
        long failing = nodes.stream().filter(Node::failing).count();
        int uncovered = uncoveredSlots();
        return "redis cluster: " + masters + " masters, " + replicas + " replicas"
                + (failing > 0 ? ", " + failing + " failing" : "")
                + (uncovered == 0 ? ", all " + SLOTS + " slots served" : ", " + uncovered + " slots without a master");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RedisTopology t && cluster == t.cluster && nodes.equals(t.nodes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cluster, nodes);
    }
}
