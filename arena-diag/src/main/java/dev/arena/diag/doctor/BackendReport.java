package dev.arena.diag.doctor;

import dev.arena.diag.Status;
import java.util.List;

/**
 * Which broker this shell's environment selects and what the server reports.
 *
 * @param localBackend    the factory's choice here: inprocess or redis
 * @param localRedis      the Redis URL the factory would use here, masked
 * @param serverUrl       the server asked
 * @param serverReachable whether it answered
 * @param serverBackend   the server's backend, or null
 * @param serverRedis     the server's Redis URL (masked by the server), or null
 * @param status          OK; CRITICAL on a mismatch; UNKNOWN when the server cannot be asked
 * @param messages        what was compared and any warning
 * @param redisTopology   what this shell's Redis is, e.g. "redis cluster: 3 masters, 3 replicas, cluster_state ok"
 *                        or "redis standalone"; why it could not be asked; null when this shell uses no Redis
 */
public record BackendReport(
        String localBackend,
        String localRedis,
        String serverUrl,
        boolean serverReachable,
        String serverBackend,
        String serverRedis,
        Status status,
        List<String> messages,
        String redisTopology) {

    public BackendReport {
        messages = List.copyOf(messages);
    }

    /** This report with {@code topology} as its {@link #redisTopology()}. */
    BackendReport withRedisTopology(String topology) {
        return new BackendReport(
                localBackend,
                localRedis,
                serverUrl,
                serverReachable,
                serverBackend,
                serverRedis,
                status,
                messages,
                topology);
    }
}
