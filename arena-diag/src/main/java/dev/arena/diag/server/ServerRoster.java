package dev.arena.diag.server;

import dev.arena.diag.DiagContext;
import dev.arena.diag.Status;
import dev.arena.registry.ServerRegistries;
import dev.arena.wire.Backend;
import dev.arena.wire.Health;
import dev.arena.wire.HealthStatus;
import dev.arena.wire.Readiness;
import dev.arena.wire.ReadinessStatus;
import dev.arena.wire.ServerEntry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Every {@code arena server} and its health ({@code arena diag servers}, the console): the list comes
 * from the registry in Redis when run state is read from Redis (so it works with any one server down),
 * else from the server's {@code /health}; each listed server's own {@code /health/live} and
 * {@code /health/ready} are then asked in parallel, bounded by the probe timeout (quick however slow its Redis or
 * store is: a degraded store reads degraded, not unreachable). On the in-process backend there is no registry: the server
 * lists only itself, and the roster says so.
 */
public final class ServerRoster {

    /**
     * The roster.
     *
     * @param shared  true when the servers come from a shared registry; false on the in-process backend
     * @param source  where the list came from, e.g. {@code registry in redis://:***@h:6379/0} or {@code /health of http://…}
     * @param servers oldest start first
     * @param status  the worst that matters: CRITICAL when no server is listed or none answers, WARNING when any is not OK
     * @param summary one line for people and monitoring
     */
    public record Roster(boolean shared, String source, List<ServerCheck> servers, Status status, String summary) {

        public long healthy() {
            return servers.stream().filter(s -> s.status() == Status.OK).count();
        }
    }

    private final DiagContext context;
    private final String clientName;
    private final ServerClient server;
    private final Duration probeTimeout;

    /**
     * @param context      where to look (the registry's Redis when one is selected)
     * @param clientName   the name the registry's Redis connection announces
     * @param server       the server to ask when no Redis is selected
     * @param probeTimeout bound of each server's {@code /health} probe (connect and answer)
     */
    public ServerRoster(DiagContext context, String clientName, ServerClient server, Duration probeTimeout) {
        this.context = context;
        this.clientName = clientName;
        this.server = server;
        this.probeTimeout = probeTimeout;
    }

    /**
     * Lists and probes the servers now.
     *
     * @throws dev.arena.broker.BrokerException  when the registry's Redis cannot be read
     * @throws ServerUnreachableException       when the list comes from the server and it does not answer
     */
    public Roster check() {
        if (context.redisSelected()) {
            List<ServerEntry> listed = ServerRegistries.read(context.redisUrl(), clientName + "/registry");
            return verdict(true, "registry in " + context.maskedRedisUrl(), probe(listed));
        }
        Health health = server.health();
        String source = "/health of " + server.baseUrl();
        List<ServerEntry> listed = health.servers();
        if (health.backend() == Backend.INPROCESS || listed.isEmpty()) {
            // no registry: the server that answered is the whole list, and its answer is its probe
            ServerEntry self = listed.isEmpty()
                    ? new ServerEntry("-", server.baseUrl(), health.version(), health.startedAt(), "-", 0, 0, true)
                    : listed.get(0);
            return verdict(false, source, List.of(judge(self, health)));
        }
        return verdict(true, source, probe(listed));
    }

    private List<ServerCheck> probe(List<ServerEntry> listed) {
        if (listed.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(listed.size(), 8), r -> {
            Thread t = new Thread(r, "arena-diag-server-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<ServerCheck>> checks = new ArrayList<>();
            for (ServerEntry entry : listed) {
                checks.add(CompletableFuture.supplyAsync(() -> probe(entry), pool));
            }
            return checks.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Asks {@code entry}'s liveness, then its readiness (both quick however slow its Redis or store is); a server
     * older than the probes is asked its {@code /health}.
     */
    private ServerCheck probe(ServerEntry entry) {
        try (ServerClient client = new ServerClient(entry.url(), null, probeTimeout)) {
            Readiness ready;
            try {
                client.live();
                ready = client.ready();
            } catch (ServerErrorException e) {
                if (e.status() != 404) {
                    throw e;
                }
                return judge(entry, client.health());
            }
            return judge(entry, ready);
        } catch (RuntimeException e) {
            String why = e.getCause() instanceof IOException io ? ServerClient.describe(io) : e.getMessage();
            return new ServerCheck(
                    entry,
                    "unreachable",
                    Status.CRITICAL,
                    "listed in the registry (heartbeat "
                            + age(entry) + " ago) but its /health/live did not answer within "
                            + ServerCheck.seconds(probeTimeout.toMillis())
                            + " (" + why + "): killed (it leaves the list within its "
                            + ServerCheck.seconds(entry.ttlMs())
                            + " TTL), hung, or its ARENA_ADVERTISED_URL is wrong");
        }
    }

    /** OK when ready; WARNING naming what is down when degraded (the store, the registry) or unavailable (the broker). */
    private static ServerCheck judge(ServerEntry entry, Readiness ready) {
        Readiness.Dependencies deps = ready.dependencies();
        if (ready.status() != ReadinessStatus.READY || deps == null) {
            List<String> down = new ArrayList<>();
            if (deps != null) {
                addIfDown(down, "broker", deps.broker());
                addIfDown(down, "store", deps.store());
                addIfDown(down, "registry", deps.registry());
            }
            String state = ready.status() == null ? "unknown" : ready.status().wireName();
            return new ServerCheck(
                    entry,
                    state,
                    Status.WARNING,
                    state + ": " + (down.isEmpty() ? "see its /health/ready" : String.join("; ", down)));
        }
        if (entry.heartbeatLate()) {
            return new ServerCheck(
                    entry,
                    "ok",
                    Status.WARNING,
                    "heartbeat late: " + age(entry) + " of its " + ServerCheck.seconds(entry.ttlMs())
                            + " TTL (Redis slow, or the server's heartbeat thread starved)");
        }
        return new ServerCheck(entry, "ok", Status.OK, null);
    }

    private static void addIfDown(List<String> down, String name, Readiness.Dependency dependency) {
        if (dependency != null && dependency.down()) {
            down.add(name + " down" + (dependency.detail() == null ? "" : " (" + dependency.detail() + ")"));
        }
    }

    private static ServerCheck judge(ServerEntry entry, Health health) {
        String healthText =
                health.status() == null ? "unknown" : health.status().wireName();
        if (health.status() != HealthStatus.OK) {
            String why = health.redis() != null && health.redis().error() != null
                    ? health.redis().error()
                    : health.error() != null
                            ? health.error()
                            : health.duckdb() != null && !health.duckdb().ok()
                                    ? "its store failed a check"
                                    : "see its /health";
            return new ServerCheck(entry, healthText, Status.WARNING, "degraded: " + why);
        }
        if (entry.heartbeatLate()) {
            return new ServerCheck(
                    entry,
                    healthText,
                    Status.WARNING,
                    "heartbeat late: " + age(entry) + " of its " + ServerCheck.seconds(entry.ttlMs())
                            + " TTL (Redis slow, or the server's heartbeat thread starved)");
        }
        return new ServerCheck(entry, healthText, Status.OK, null);
    }

    private static Roster verdict(boolean shared, String source, List<ServerCheck> checks) {
        long ok = checks.stream().filter(c -> c.status() == Status.OK).count();
        long answering =
                checks.stream().filter(c -> !c.health().equals("unreachable")).count();
        Status status = checks.stream().map(ServerCheck::status).reduce(Status.OK, Status::worst);
        String summary;
        if (checks.isEmpty()) {
            status = Status.CRITICAL;
            summary =
                    "no server is registered in the " + source + ": none is running, or none runs on the Redis backend"
                            + " (ARENA_BROKER_BACKEND=redis with this REDIS_URL)";
        } else if (!shared) {
            summary = "in-process backend: no registry, only this server is listed ("
                    + checks.get(0).health() + ")"
                    + (checks.get(0).note() == null ? "" : "; " + checks.get(0).note());
        } else if (answering == 0) {
            status = Status.CRITICAL;
            summary = checks.size() + " server(s) registered, none answers its /health: "
                    + checks.get(0).note();
        } else {
            if (status == Status.CRITICAL) {
                status = Status.WARNING; // one down of several: the service goes on, with less redundancy
            }
            summary = checks.size() + " server(s), " + ok + " healthy"
                    + checks.stream()
                            .filter(c -> c.status() != Status.OK)
                            .findFirst()
                            .map(c -> "; " + c.entry().id() + " (" + c.entry().url() + ") " + c.note())
                            .orElse("");
        }
        return new Roster(shared, source, checks, status, summary);
    }

    private static String age(ServerEntry entry) {
        return ServerCheck.seconds(entry.heartbeatAgeMs());
    }
}
