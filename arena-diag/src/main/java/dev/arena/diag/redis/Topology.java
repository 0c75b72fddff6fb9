package dev.arena.diag.redis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What diag talks to: one standalone Redis, or a Redis Cluster as one of its nodes sees it
 * ({@code CLUSTER INFO} and {@code CLUSTER NODES}). Immutable.
 *
 * @param cluster       true for a Redis Cluster
 * @param clusterState  {@code cluster_state} ({@code ok} or {@code fail}); null when standalone
 * @param slotsAssigned {@code cluster_slots_assigned} (16384 when every slot has a master)
 * @param slotsPfail    {@code cluster_slots_pfail}: slots whose master is suspected down
 * @param slotsFail     {@code cluster_slots_fail}: slots whose master is agreed down
 * @param nodes         every node, masters first, in address order
 * @param seenBy        the address of the node whose view this is
 */
public record Topology(
        boolean cluster,
        String clusterState,
        int slotsAssigned,
        int slotsPfail,
        int slotsFail,
        List<RedisNode> nodes,
        String seenBy) {

    /** Hash slots of a Redis Cluster. */
    public static final int SLOTS = 16384;

    public Topology {
        nodes = List.copyOf(nodes);
    }

    /** A standalone Redis at {@code address}. */
    static Topology standalone(String address) {
        return new Topology(false, null, 0, 0, 0, List.of(RedisNode.standalone(address)), address);
    }

    /**
     * A cluster from one node's replies.
     *
     * @param clusterInfo  the {@code CLUSTER INFO} text
     * @param clusterNodes the {@code CLUSTER NODES} text
     * @param seenBy       the address of the node that answered
     * @throws IllegalArgumentException when a line of {@code CLUSTER NODES} does not parse
     */
    static Topology fromCluster(String clusterInfo, String clusterNodes, String seenBy) {
        Map<String, String> info = ClientList.infoFields(clusterInfo);
        List<RedisNode> nodes = new ArrayList<>();
        for (String line : clusterNodes.split("\r?\n")) {
            if (!line.isBlank()) {
                nodes.add(node(line.strip()));
            }
        }
        nodes.sort((a, b) ->
                a.master() != b.master() ? (a.master() ? -1 : 1) : a.address().compareTo(b.address()));
        return new Topology(
                true,
                info.getOrDefault("cluster_state", "?"),
                (int) RedisInspector.parseLong(info.get("cluster_slots_assigned")),
                (int) RedisInspector.parseLong(info.get("cluster_slots_pfail")),
                (int) RedisInspector.parseLong(info.get("cluster_slots_fail")),
                nodes,
                seenBy);
    }

    /** {@code <id> <ip:port@cport[,hostname]> <flags> <master> <ping> <pong> <epoch> <link> <slot> …} */
    private static RedisNode node(String line) {
        String[] f = line.split(" ");
        if (f.length < 8) {
            throw new IllegalArgumentException("not a CLUSTER NODES line: '" + line + "'");
        }
        String address = f[1];
        int cut = address.indexOf('@');
        address = cut < 0 ? address : address.substring(0, cut);
        Set<String> flags = new HashSet<>(List.of(f[2].split(",")));
        boolean master = flags.contains("master");
        int slots = 0;
        for (int i = 8; i < f.length; i++) {
            if (f[i].startsWith("[")) {
                continue;
            }
            int dash = f[i].indexOf('-');
            slots += dash < 0
                    ? 1
                    : Integer.parseInt(f[i].substring(dash + 1)) - Integer.parseInt(f[i].substring(0, dash)) + 1;
        }
        return new RedisNode(f[0], address, master, master || "-".equals(f[3]) ? null : f[3], flags, slots);
    }

    /** Masters that serve slots (the ones holding keys), failing or not. */
    public List<RedisNode> masters() {
        return nodes.stream()
                .filter(n -> n.master() && (n.slots() > 0 || !cluster))
                .toList();
    }

    /** Replicas, failing or not. */
    public List<RedisNode> replicas() {
        return nodes.stream().filter(n -> !n.master()).toList();
    }

    /** Nodes flagged {@code fail} or {@code fail?}. */
    public List<RedisNode> failing() {
        return nodes.stream().filter(n -> n.failed() || n.suspected()).toList();
    }

    /** Hash slots no master serves. */
    public int slotsUnassigned() {
        return cluster ? SLOTS - slotsAssigned : 0;
    }

    /** E.g. {@code redis cluster: 3 masters, 3 replicas, cluster_state ok} or {@code redis standalone}. */
    public String summary() {
        if (!cluster) {
            return "redis standalone";
        }
        List<RedisNode> failing = failing();
        return "redis cluster: " + masters().size() + " master" + (masters().size() == 1 ? "" : "s") + ", "
                + replicas().size()
                + " replica" + (replicas().size() == 1 ? "" : "s") + ", cluster_state " + clusterState
                + (failing.isEmpty() ? "" : ", " + failing.size() + " failing");
    }
}
