package dev.arena.diag.doctor;

import dev.arena.broker.RunId;
import dev.arena.diag.DiagException;
import dev.arena.diag.Status;
import dev.arena.diag.redis.NodeInfo;
import dev.arena.diag.redis.RedisInspector;
import dev.arena.diag.redis.RedisServerInfo;
import dev.arena.diag.redis.RedisUnavailableException;
import dev.arena.diag.redis.SentinelScan;
import dev.arena.diag.redis.StreamInfo;
import dev.arena.diag.redis.Topology;
import dev.arena.diag.server.ServerErrorException;
import dev.arena.diag.server.ServerRoster;
import dev.arena.diag.source.DiagSources;
import dev.arena.error.ArenaException;
import dev.arena.wire.Backend;
import dev.arena.wire.Health;
import dev.arena.wire.HealthStatus;
import dev.arena.wire.Liveness;
import dev.arena.wire.Readiness;
import dev.arena.wire.ServerMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs every check of {@code arena diag doctor} (docs/diag.md) — environment consistency, Redis reachable and authenticated, server
 * reachable, backend match, the server's store, every registered server's liveness and readiness, runs_open versus sentinels, sentinels without progress, dropped
 * streams, stuck forks, Redis maxmemory policy; on a Redis Cluster also cluster_state, slot coverage,
 * failing nodes and every node's maxmemory policy — and reports each with a hint. Bounded: one
 * sentinel scan (budget {@link #SENTINEL_BUDGET}) and a pipelined stream read.
 */
public final class Doctor {

    /** Bound of each registered server's liveness and readiness probes (as {@code arena diag servers}' default). */
    static final Duration SERVER_PROBE_TIMEOUT = Duration.ofSeconds(1);

    /** Most sentinels doctor inspects. */
    public static final int SENTINEL_BUDGET = 10_000;

    private final DiagSources sources;
    private final Map<String, String> env;
    private final Duration reaperGrace;

    /**
     * @param env         the environment to check for consistency (this shell's)
     * @param reaperGrace a sentinel without progress for this long is CRITICAL
     */
    public Doctor(DiagSources sources, Map<String, String> env, Duration reaperGrace) {
        this.sources = sources;
        this.env = env;
        this.reaperGrace = reaperGrace;
    }

    public DoctorReport run() {
        List<CheckResult> out = new ArrayList<>();
        out.add(envCheck());
        ServerMetrics metrics = serverChecks(out);
        String persistence = null;
        if (sources.redisSelected()) {
            persistence = redisChecks(out, metrics);
        } else {
            out.add(CheckResult.ok(
                    "redis", "not checked: the backend here is inprocess (pass --redis URL to check a Redis)"));
        }
        if (metrics != null) {
            DoctorRules.runsLost(metrics.runsLost(), persistence).ifPresent(out::add);
        }
        return new DoctorReport(out);
    }

    private CheckResult envCheck() {
        return DoctorRules.env(env, sources.context());
    }

    private ServerMetrics serverChecks(List<CheckResult> out) {
        Health health;
        try {
            health = sources.server().health();
        } catch (DiagException | RedisUnavailableException e) {
            CheckResult server = slowOrDead(e);
            out.add(server);
            if (server.status() != Status.UNKNOWN) { // alive: its readiness and its peers still say what is wrong
                out.add(storeCheck(null));
                out.add(serversCheck());
            }
            return null;
        }
        out.add(DoctorRules.server(
                wireName(health.status()), wireName(health.backend()), health.uptimeSeconds(), health.version()));
        out.add(DoctorRules.backend(new BackendCheck(sources).check()));
        out.add(storeCheck(health));
        out.add(serversCheck());
        ServerMetrics m;
        try {
            m = sources.server().metrics();
        } catch (DiagException | RedisUnavailableException e) {
            out.add(DoctorRules.unreadable("metrics", e.getMessage(), null));
            return null;
        }
        out.add(DoctorRules.streamsDropped(m.streamsDropped(), m.runsLost()));
        out.add(DoctorRules.forks(m.forkTasksStuck(), m.forkTasksRunning()));
        out.add(DoctorRules.archive(m.archiveLagEvents(), m.archiveLagSeconds(), m.eventsTrimmedUnarchived()));
        DoctorRules.retention(m.streamMaxLen(), m.streamMaxAgeSeconds()).ifPresent(out::add);
        DoctorRules.publishFailures(m.publishFailures()).ifPresent(out::add);
        return m;
    }

    /**
     * The server's {@code /health} did not answer: dead, or alive but slow because a dependency is (its
     * {@code /health/live} tells which, and touches no dependency).
     */
    private CheckResult slowOrDead(RuntimeException healthFailure) {
        try {
            Liveness live = sources.server().live();
            return DoctorRules.serverSlow(live.uptimeSeconds(), live.version(), healthFailure.getMessage());
        } catch (DiagException | RedisUnavailableException e) {
            return DoctorRules.unreadable(
                    "server",
                    healthFailure.getMessage(),
                    "start `arena server` or point --server / ARENA_SERVER_URL at it");
        }
    }

    /**
     * {@code store}: the server's readiness for its store; {@code /health}'s store section from an older server.
     *
     * @param health the server's {@code /health}, or null when it did not answer
     */
    private CheckResult storeCheck(Health health) {
        try {
            Readiness ready = sources.server().ready();
            Readiness.Dependency store =
                    ready.dependencies() == null ? null : ready.dependencies().store();
            if (store != null) {
                return DoctorRules.store(!store.down(), store.detail());
            }
        } catch (ServerErrorException e) {
            if (e.status() != 404) {
                return DoctorRules.unreadable("store", e.getMessage(), null);
            }
        } catch (DiagException | RedisUnavailableException e) {
            return DoctorRules.unreadable("store", e.getMessage(), null);
        }
        return health == null || health.store() == null
                ? DoctorRules.unreadable("store", "the server reports no store", null)
                : DoctorRules.store(health.store().ok(), health.store().location());
    }

    /** {@code servers}: every registered server's liveness and readiness, as {@code arena diag servers} reports them. */
    private CheckResult serversCheck() {
        try {
            ServerRoster.Roster roster = new ServerRoster(
                            sources.context(), sources.clientName(), sources.server(), SERVER_PROBE_TIMEOUT)
                    .check();
            return DoctorRules.servers(roster.status(), roster.summary());
        } catch (ArenaException e) {
            return DoctorRules.unreadable("servers", e.getMessage(), "see `arena diag servers`");
        }
    }

    /** The Redis checks; returns what Redis says about its persistence, or null when it could not be read. */
    private String redisChecks(List<CheckResult> out, ServerMetrics metrics) {
        RedisInspector redis;
        RedisServerInfo info;
        try {
            redis = sources.redis();
            info = redis.serverInfo();
        } catch (DiagException | RedisUnavailableException e) {
            out.add(DoctorRules.unreadable("redis", e.getMessage(), "see runbooks/redis-operations.md"));
            return null;
        }
        out.add(DoctorRules.redis(redis.maskedUrl(), info.version(), info.pingMillis()));
        String persistence = info.persistence();
        Topology topology;
        try {
            topology = redis.topology();
        } catch (DiagException | RedisUnavailableException e) {
            out.add(DoctorRules.unreadable("redis.cluster", e.getMessage(), "see runbooks/redis-operations.md"));
            return persistence;
        }
        if (topology.cluster()) {
            out.add(DoctorRules.clusterState(topology.summary(), topology.clusterState(), topology.seenBy()));
            out.add(DoctorRules.slots(topology.slotsAssigned(), topology.slotsPfail(), topology.slotsFail()));
            List<NodeInfo> nodes = redis.nodeInfos();
            List<NodeInfo> unread = nodes.stream()
                    .filter(n -> n.info() == null && n.node().reachable())
                    .toList();
            out.add(DoctorRules.failingNodes(
                    topology.failing(), unread, topology.nodes().size()));
            out.add(DoctorRules.replication(nodes));
            out.add(DoctorRules.maxmemoryPerNode(nodes));
        } else {
            out.add(DoctorRules.maxmemory(info.evicts(), info.maxmemoryPolicy(), info.maxmemory()));
        }
        SentinelScan scan;
        try {
            scan = redis.sentinels(SENTINEL_BUDGET);
        } catch (DiagException | RedisUnavailableException e) {
            out.add(DoctorRules.unreadable("sentinels", e.getMessage(), null));
            return persistence;
        }
        long count = scan.sentinels().size();
        out.add(DoctorRules.runsOpen(
                metrics == null ? null : wireName(metrics.backend()),
                metrics == null ? 0 : metrics.runsOpen(),
                count,
                scan.truncated()));
        long noTtl = scan.sentinels().stream().filter(s -> s.ttlMillis() == -1).count();
        List<RunId> runs = scan.sentinels().stream()
                .limit(1000)
                .map(s -> RunId.parse(s.runId()))
                .toList();
        List<StreamInfo> streams;
        try {
            streams = redis.streamInfos(runs);
        } catch (DiagException | RedisUnavailableException e) {
            out.add(DoctorRules.unreadable("sentinel_progress", e.getMessage(), null));
            return persistence;
        }
        List<String> stale = streams.stream()
                .filter(s -> s.lastEventAgeMillis() != null && s.lastEventAgeMillis() > reaperGrace.toMillis())
                .map(StreamInfo::runId)
                .toList();
        out.add(DoctorRules.sentinelProgress(stale, reaperGrace));
        DoctorRules.sentinelTtl(noTtl).ifPresent(out::add);
        return persistence;
    }

    private static String wireName(HealthStatus status) {
        return status == null ? null : status.wireName();
    }

    private static String wireName(Backend backend) {
        return backend == null ? null : backend.wireName();
    }
}
