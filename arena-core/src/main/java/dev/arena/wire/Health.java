package dev.arena.wire;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /health}: 200 with {@code ok}, or 503 with the same body and {@code degraded}.
 *
 * @param error          why the live backend lookup failed on a backend without Redis; omitted otherwise
 * @param redis          the Redis the server uses; null on the in-process backend
 * @param store          the store finished runs are archived to (DuckDB or PostgreSQL)
 * @param duckdb         the same as {@code store} for a DuckDB store, kept for clients older than the
 *                       {@code store} section; omitted on PostgreSQL
 * @param faultInjection whether {@code POST /forks} accepts a fault scenario
 * @param servers        every server the registry lists as alive, oldest first, the answering one marked
 *                       {@code self}; on the in-process backend (no registry) only the answering server
 */
public record Health(
        @JsonProperty("status") HealthStatus status,
        @JsonProperty("backend") Backend backend,
        @JsonProperty("error") @JsonInclude(JsonInclude.Include.NON_NULL) String error,
        @JsonProperty("redis") Redis redis,
        @JsonProperty("store") Store store,
        @JsonProperty("duckdb") @JsonInclude(JsonInclude.Include.NON_NULL) Duckdb duckdb,
        @JsonProperty("uptime_seconds") long uptimeSeconds,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("version") String version,
        @JsonProperty("fault_injection") boolean faultInjection,
        @JsonProperty("servers") List<ServerEntry> servers) {

    public Health {
        servers = servers == null ? List.of() : List.copyOf(servers);
    }

    /**
     * A healthy in-process server with no Redis and no store section: what a console or a client shows for a
     * server it knows nothing else about (benchmarks, screens drawn from a snapshot).
     */
    public static Health inProcessOk(Duration uptime, String version) {
        return new Health(
                HealthStatus.OK, Backend.INPROCESS, null, null, null, null, uptime.toSeconds(), null, version, false);
    }

    /** A health answer that lists no servers (a client reading an older server, views that do not show them). */
    public Health(
            HealthStatus status,
            Backend backend,
            String error,
            Redis redis,
            Store store,
            Duckdb duckdb,
            long uptimeSeconds,
            Instant startedAt,
            String version,
            boolean faultInjection) {
        this(
                status,
                backend,
                error,
                redis,
                store,
                duckdb,
                uptimeSeconds,
                startedAt,
                version,
                faultInjection,
                List.of());
    }

    @JsonIgnore
    public boolean isOk() {
        return status == HealthStatus.OK;
    }

    /**
     * The server's Redis.
     *
     * @param url      always masked
     * @param topology what the URL names: {@code redis standalone host:port}, or a cluster's
     *                 masters, replicas, slot coverage and {@code cluster_state}; omitted when unknown
     * @param pingMs the round trip of a live lookup made for this request, or null when it failed
     * @param error  the masked failure when the lookup failed; omitted otherwise
     */
    public record Redis(
            @JsonProperty("url") String url,
            @JsonProperty("topology") @JsonInclude(JsonInclude.Include.NON_NULL) String topology,
            @JsonProperty("ping_ms") Double pingMs,
            @JsonProperty("error") @JsonInclude(JsonInclude.Include.NON_NULL) String error) {}

    /**
     * The server's store.
     *
     * @param kind     {@code duckdb} or {@code postgresql}
     * @param location the DuckDB file as configured, or the PostgreSQL URL with its password masked
     * @param ok       whether a query answered for this request
     */
    public record Store(
            @JsonProperty("kind") String kind,
            @JsonProperty("location") String location,
            @JsonProperty("ok") boolean ok) {}

    /**
     * The server's DuckDB file (a DuckDB store only; read {@link Store} instead).
     *
     * @param path as configured, absolute or relative to the server's working directory
     */
    public record Duckdb(@JsonProperty("path") String path, @JsonProperty("ok") boolean ok) {}
}
