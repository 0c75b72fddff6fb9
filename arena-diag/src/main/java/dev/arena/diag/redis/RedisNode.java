package dev.arena.diag.redis;

import java.util.Set;

/**
 * One Redis server diag can address on its own: the single node of a standalone Redis, or one
 * line of a cluster's {@code CLUSTER NODES}. Immutable.
 *
 * @param id       the cluster node id; the address for a standalone Redis
 * @param address  {@code host:port} as the cluster announces it (or as the URL names it)
 * @param master   true for a master (a standalone Redis is one)
 * @param masterId the id of the master this replica follows; null for a master
 * @param flags    the {@code CLUSTER NODES} flags ({@code myself}, {@code fail}, {@code fail?}, …); empty when standalone
 * @param slots    how many hash slots this node serves (0 for replicas and for a standalone Redis)
 */
public record RedisNode(String id, String address, boolean master, String masterId, Set<String> flags, int slots) {

    public RedisNode {
        flags = Set.copyOf(flags);
    }

    /** The node of a standalone Redis at {@code address}. */
    static RedisNode standalone(String address) {
        return new RedisNode(address, address, true, null, Set.of(), 0);
    }

    /** Flagged {@code fail}: the cluster agreed it is down. */
    public boolean failed() {
        return flags.contains("fail");
    }

    /** Flagged {@code fail?} (PFAIL): the node answering suspects it is down. */
    public boolean suspected() {
        return flags.contains("fail?");
    }

    /** Neither failed, suspected, still being met, nor without an address: worth a connection. */
    public boolean reachable() {
        return !failed() && !suspected() && !flags.contains("handshake") && !flags.contains("noaddr");
    }

    /** {@code master} or {@code replica}. */
    public String role() {
        return master ? "master" : "replica";
    }

    /** E.g. {@code 127.0.0.1:7001 (master, fail)}. */
    public String label() {
        return address + " (" + role() + (failed() ? ", fail" : suspected() ? ", fail?" : "") + ")";
    }
}
