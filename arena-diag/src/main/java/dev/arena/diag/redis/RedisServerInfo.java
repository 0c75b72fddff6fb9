package dev.arena.diag.redis;

/**
 * What doctor needs to know about the Redis server itself.
 *
 * @param maxmemory       bytes; 0 = no limit
 * @param maxmemoryPolicy e.g. {@code noeviction}; an evicting policy can silently drop streams
 * @param pingMillis      round trip of a PING
 * @param publishedCounter the shared {@code arena:stats:published}; -1 when unreadable (a cluster whose slot for it is down)
 * @param aofEnabled      INFO persistence {@code aof_enabled}: without AOF a restart loses what changed since the last snapshot
 * @param uptimeSeconds   INFO server {@code uptime_in_seconds}; -1 when unknown
 * @param masterLinkStatus INFO replication {@code master_link_status} of a replica ({@code up} or {@code down}); null for a master
 */
public record RedisServerInfo(
        String version,
        long maxmemory,
        String maxmemoryPolicy,
        long usedMemory,
        long connectedClients,
        double pingMillis,
        long publishedCounter,
        boolean aofEnabled,
        long uptimeSeconds,
        String masterLinkStatus) {

    /** What Redis says about its persistence, for doctor's lost-run hint, e.g. "Redis has AOF off (appendonly no), up 42s". */
    public String persistence() {
        return "Redis has AOF " + (aofEnabled ? "on (appendonly yes)" : "off (appendonly no)")
                + (uptimeSeconds >= 0 ? ", up " + uptimeSeconds + "s" : "");
    }

    /** True when Redis may evict keys under memory pressure (sentinels or streams could vanish). */
    public boolean evicts() {
        return maxmemoryPolicy != null && !maxmemoryPolicy.equals("noeviction");
    }
}
