package dev.arena.server;

import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.config.ArenaConfig;
import dev.arena.config.Secrets;
import dev.arena.config.StoreLocation;
import dev.arena.error.ArenaException;
import dev.arena.registry.ServerRegistry;
import dev.arena.reply.BoundedReplies;
import dev.arena.store.RunStore;
import dev.arena.time.Ticker;
import dev.arena.wire.Backend;
import dev.arena.wire.Health;
import dev.arena.wire.HealthStatus;
import dev.arena.wire.Readiness;
import dev.arena.wire.ServerEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@code GET /health}: status, backend, masked Redis URL with the round-trip of a live backend
 * lookup (bounded to 3 s), the store (kind, masked location, ok from the readiness probe's cached check, bounded to
 * 0.8 s), uptime, version and the servers
 * the registry lists. 503 with {@code "degraded"} when the broker or the store fails.
 */
final class HealthEndpoint implements Endpoint {

    static final RunId PROBE = RunId.parse("00000000-0000-0000-0000-000000000000");
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(3);
    private static final Executor PROBES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "arena-health-probe");
        t.setDaemon(true);
        return t;
    });

    private final BoundedReplies probes = new BoundedReplies("the broker", PING_TIMEOUT, Ticker.system());
    private final EventBroker broker;
    private final RunStore store;
    private final ArenaConfig config;
    private final Clock clock;
    private final Instant startedAt;
    private final String version;
    private final boolean faultInjection;
    private final Supplier<ServerRegistry> registry;
    private final Ticker ticker;
    private final Supplier<Readiness.Dependency> storeCheck;

    /** @param storeCheck the store's cached, bounded check (the readiness probe's), so a hanging store cannot hold this answer */
    HealthEndpoint(
            EventBroker broker,
            RunStore store,
            ArenaConfig config,
            Clock clock,
            Instant startedAt,
            String version,
            boolean faultInjection,
            Supplier<ServerRegistry> registry,
            Ticker ticker,
            Supplier<Readiness.Dependency> storeCheck) {
        this.broker = broker;
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.startedAt = startedAt;
        this.version = version;
        this.faultInjection = faultInjection;
        this.registry = registry;
        this.ticker = ticker;
        this.storeCheck = storeCheck;
    }

    private String mask(String message) {
        return Secrets.scrub(message, config.secrets()).replace(config.redisUrl(), config.maskedRedisUrl());
    }

    /** The registry's live servers, bounded like the ping; this server alone when the registry does not answer in time. */
    private List<ServerEntry> servers() {
        ServerRegistry known = registry.get();
        if (known == null) {
            return List.of();
        }
        try {
            return probes.await("the server registry", CompletableFuture.supplyAsync(known::servers, PROBES));
        } catch (ArenaException e) {
            return List.of(known.self());
        }
    }

    @Override
    public void handle(Exchange exchange) {
        String pingError = null;
        Double pingMs = null;
        String topology = null;
        long started = ticker.nanos();
        try {
            // A live lookup of a run id no producer uses: one round trip to the backend, and it
            // touches only that run's keys (Cluster-safe). metrics() would not do: it falls back
            // to cached counters when Redis is away.
            probes.await("ping", CompletableFuture.supplyAsync(() -> broker.run(PROBE), PROBES));
            pingMs = Math.round(ticker.since(started).toNanos() / 10_000.0) / 100.0;
        } catch (ArenaException e) {
            pingError = e.getCause() instanceof TimeoutException
                    ? "no answer within " + PING_TIMEOUT.toSeconds() + " s"
                    : mask(String.valueOf(e.getMessage()));
        }
        try {
            // Asked even when the lookup failed: on a cluster, which nodes are down is the answer.
            topology = probes.await("topology", CompletableFuture.supplyAsync(broker::topology, PROBES));
            if (pingError == null
                    && (topology.contains("cluster_state ") && !topology.contains("cluster_state ok")
                            || topology.contains("slots without a master"))) {
                pingError = "the Redis Cluster is not ok: " + topology;
            }
        } catch (ArenaException e) {
            topology = null;
        }
        Backend backend = Backend.fromWire(broker.backend());
        Health.Redis redis = backend == Backend.REDIS
                ? new Health.Redis(config.maskedRedisUrl(), topology, pingMs, pingError)
                : null;
        boolean dbOk = !storeCheck.get().down();
        StoreLocation where = store.location();
        boolean ok = pingError == null && dbOk;
        Health body = new Health(
                ok ? HealthStatus.OK : HealthStatus.DEGRADED,
                backend,
                redis == null ? pingError : null,
                redis,
                new Health.Store(where.kind().wireName(), where.masked(), dbOk),
                where.kind() == StoreLocation.Kind.DUCKDB
                        ? new Health.Duckdb(where.file().toString(), dbOk)
                        : null,
                Duration.between(startedAt, clock.instant()).toSeconds(),
                startedAt,
                version,
                faultInjection,
                servers());
        exchange.json(ok ? 200 : 503, body);
    }
}
