package dev.arena.wire;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One {@code arena server} as the registry lists it ({@code /health}'s {@code servers}, {@code arena diag
 * servers -o json}): who it is, where to reach it and how recently it renewed its entry. A server whose
 * last heartbeat is older than its TTL is gone and no longer listed.
 *
 * @param id             random per process start, e.g. {@code 3f9a1c2b7d4e}
 * @param url            where peers and tools reach it ({@code ARENA_ADVERTISED_URL}, else its bound URL)
 * @param startedAt      when the process started serving
 * @param hostPid        {@code host:pid}, as in its Redis client names ({@code arena-server@host:pid})
 * @param heartbeatAgeMs how long ago it last renewed its entry, by the Redis clock (0 for a server without a registry)
 * @param ttlMs          how long its entry stays listed without a renewal (0 without a registry)
 * @param self           true for the server that answered (in {@code /health}); false everywhere else
 */
public record ServerEntry(
        @JsonProperty("id") String id,
        @JsonProperty("url") String url,
        @JsonProperty("version") String version,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("host_pid") String hostPid,
        @JsonProperty("heartbeat_age_ms") long heartbeatAgeMs,
        @JsonProperty("ttl_ms") long ttlMs,
        @JsonProperty("self") boolean self) {

    /** This entry as observed now: its heartbeat age, its TTL and whether it is the observer itself. */
    public ServerEntry observed(long ageMs, long ttl, boolean isSelf) {
        return new ServerEntry(id, url, version, startedAt, hostPid, ageMs, ttl, isSelf);
    }

    /** True when a registry holds it and its heartbeat is past half its TTL: one or more renewals were missed. */
    @JsonIgnore
    public boolean heartbeatLate() {
        return ttlMs > 0 && heartbeatAgeMs * 2 > ttlMs;
    }
}
