package dev.arena.diag.redis;

/**
 * What doctor needs to know about the Redis server itself.
 *
 * @param maxmemory       bytes; 0 = no limit
 * @param maxmemoryPolicy e.g. {@code noeviction}; an evicting policy can silently drop streams
 * @param pingMillis      round trip of a PING
 */
public record RedisServerInfo(String version, long maxmemory, String maxmemoryPolicy, long usedMemory,
                              long connectedClients, double pingMillis, long publishedCounter) {

    /** True when Redis may evict keys under memory pressure (sentinels or streams could vanish). */
    public boolean evicts() {
        return maxmemoryPolicy != null && !maxmemoryPolicy.equals("noeviction");
    }
}
