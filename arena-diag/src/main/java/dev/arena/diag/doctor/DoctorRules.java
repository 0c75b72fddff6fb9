package dev.arena.diag.doctor;

import dev.arena.config.ArenaConfig;
import dev.arena.config.ConfigException;
import dev.arena.config.Durations;
import dev.arena.config.RedisUrl;
import dev.arena.diag.DiagContext;
import dev.arena.diag.Status;
import dev.arena.diag.redis.NodeInfo;
import dev.arena.diag.redis.RedisNode;
import dev.arena.diag.redis.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The rule of each doctor check — which facts make it OK, WARNING, CRITICAL or UNKNOWN — as pure
 * functions of the facts, so every rule is tested without a server or Redis. {@link Doctor}
 * gathers the facts and calls these in order.
 */
final class DoctorRules {

    private DoctorRules() {}

    /** A source could not be read: UNKNOWN with what failed. */
    static CheckResult unreadable(String name, String failure, String hint) {
        return new CheckResult(name, Status.UNKNOWN, failure, hint);
    }

    /**
     * {@code env}: UNKNOWN when the environment does not parse; WARNING when REDIS_URL and
     * REDIS_PASSWORD disagree, or the backend is Redis with neither set (and no --redis); else OK.
     */
    static CheckResult env(Map<String, String> env, DiagContext context) {
        try {
            ArenaConfig.from(env);
        } catch (ConfigException e) {
            return new CheckResult(
                    "env", Status.UNKNOWN, e.getMessage(), "fix " + e.variable() + " in this shell's environment");
        }
        String url = env.get("REDIS_URL");
        String password = env.get("REDIS_PASSWORD");
        if (url != null && !url.isBlank() && password != null && !password.isBlank()) {
            String inUrl = RedisUrl.passwordOf(url);
            if (inUrl == null || !inUrl.equals(password)) {
                return new CheckResult(
                        "env",
                        Status.WARNING,
                        "REDIS_URL and REDIS_PASSWORD are both set and disagree; REDIS_URL wins",
                        "unset one of them so every process agrees on the password");
            }
        }
        if (context.redisSelected()
                && (url == null || url.isBlank())
                && (password == null || password.isBlank())
                && !context.redisExplicit()) {
            return new CheckResult(
                    "env",
                    Status.WARNING,
                    "backend redis but neither REDIS_URL nor REDIS_PASSWORD is set: using "
                            + ArenaConfig.DEFAULT_REDIS_URL + " without a password",
                    "source the .env file or set REDIS_URL");
        }
        return CheckResult.ok(
                "env",
                "environment parses; backend " + context.backend().wireName()
                        + (context.redisSelected() ? ", redis " + context.maskedRedisUrl() : ""));
    }

    /** {@code server}: OK when {@code /health} says ok, else WARNING with its status. */
    static CheckResult server(String healthStatus, String backend, long uptimeSeconds, String version) {
        return "ok".equals(healthStatus)
                ? CheckResult.ok("server", "reachable, " + backend + ", up " + uptimeSeconds + "s, version " + version)
                : new CheckResult(
                        "server",
                        Status.WARNING,
                        "reachable but " + healthStatus,
                        "see the server log and GET /health");
    }

    /** {@code server}: its {@code /health} timed out but its liveness answers: alive, held up by a slow dependency. */
    static CheckResult serverSlow(long uptimeSeconds, String version, String healthFailure) {
        return new CheckResult(
                "server",
                Status.WARNING,
                "alive (up " + uptimeSeconds + "s, version " + version + ", /health/live answers) but " + healthFailure,
                "a dependency is slow: see its GET /health/ready, `arena diag servers`, the store and Redis");
    }

    /**
     * {@code store}: OK when the server's store answers; WARNING (degraded, not dead) when it does not — live streams go
     * on, what reads the store answers 503 until it is back.
     */
    static CheckResult store(boolean ok, String detail) {
        return ok
                ? CheckResult.ok("store", "answers" + (detail == null ? "" : ": " + detail))
                : new CheckResult(
                        "store",
                        Status.WARNING,
                        "degraded: the server's store is down" + (detail == null ? "" : " (" + detail + ")")
                                + "; live streams go on, GET /runs and archived runs answer 503 until it is back",
                        "is the store (ARENA_DB: PostgreSQL) running and reachable from the server?"
                                + " archiving resumes by itself when it is");
    }

    /** {@code servers}: the {@link dev.arena.diag.server.ServerRoster} verdict over every registered server. */
    static CheckResult servers(Status status, String summary) {
        return new CheckResult(
                "servers",
                status,
                summary,
                status == Status.OK ? null : "see `arena diag servers` and runbooks/several-servers.md");
    }

    /** {@code backend}: the {@link BackendCheck} status (CRITICAL on a mismatch) with its conclusion. */
    static CheckResult backend(BackendReport report) {
        return new CheckResult(
                "backend",
                report.status(),
                report.messages().get(report.messages().size() - 1),
                report.status() == Status.OK ? null : "see `arena diag backend` and runbooks/switching-backend.md");
    }

    /**
     * {@code streams_dropped}: WARNING when any reader was dropped. When runs were lost the readers
     * of those runs are among them, so retention is not blamed.
     */
    static CheckResult streamsDropped(long dropped, long runsLost) {
        if (dropped > 0 && runsLost > 0) {
            return new CheckResult(
                    "streams_dropped",
                    Status.WARNING,
                    dropped + " reader(s) dropped, among them the readers of " + runsLost + " lost run(s)",
                    "see runs_lost first; only if it keeps happening without lost runs, raise ARENA_STREAM_MAXLEN");
        }
        return dropped > 0
                ? new CheckResult(
                        "streams_dropped",
                        Status.WARNING,
                        dropped + " reader(s) fell behind retention or were evicted",
                        "readers resume at available_from; raise ARENA_STREAM_MAXLEN if it keeps happening")
                : CheckResult.ok("streams_dropped", "no dropped streams");
    }

    /**
     * {@code runs_lost}: CRITICAL when runs lost their Redis keys while open (their readers got
     * overflow with reason {@code lost}); no line otherwise. The likely cause is named, with what
     * Redis itself says about persistence when it could be asked.
     *
     * @param persistence e.g. "Redis has appendonly no and no save points, up 42s", or null when unknown
     */
    static Optional<CheckResult> runsLost(long lost, String persistence) {
        if (lost <= 0) {
            return Optional.empty();
        }
        return Optional.of(new CheckResult(
                "runs_lost",
                Status.CRITICAL,
                lost + " run(s) lost their Redis keys while open"
                        + " (readers got overflow with reason lost); likely cause: Redis restarted without persistence or was flushed"
                        + " (FLUSHALL), or evicted the keys" + (persistence == null ? "" : " — " + persistence),
                "turn on AOF (appendonly yes, as docker-compose.yml does) and keep maxmemory-policy noeviction;"
                        + " restart the lost runs' producers; see runbooks/redis-operations.md, \"Lost runs\""));
    }

    /** How far behind Redis the store may fall (the worst run's archive lag) before the doctor warns. */
    static final Duration ARCHIVE_LAG_WARN = Duration.ofSeconds(30);

    /**
     * {@code archive}: WARNING when events were trimmed from Redis before they were archived (missing from
     * history for good), or when the worst run's archive lag is past {@link #ARCHIVE_LAG_WARN}; else OK
     * with the lag.
     */
    static CheckResult archive(long lagEvents, double lagSeconds, long trimmedUnarchived) {
        String lag = lagEvents == 0
                ? "the store holds every event Redis has"
                : String.format(
                        Locale.ROOT,
                        "the worst run's store is %d event(s), %.1f s behind Redis",
                        lagEvents,
                        lagSeconds);
        String hint = "see runbooks/redis-operations.md, \"Archive lag grows\"";
        if (trimmedUnarchived > 0) {
            return new CheckResult(
                    "archive",
                    Status.WARNING,
                    trimmedUnarchived + " event(s) were trimmed from Redis before they were archived (missing from"
                            + " history; the server log names the runs and seqs); " + lag,
                    "raise ARENA_STREAM_MAXLEN or fix what slows the store; " + hint);
        }
        if (lagSeconds > ARCHIVE_LAG_WARN.toSeconds()) {
            return new CheckResult(
                    "archive",
                    Status.WARNING,
                    lag + " (past " + ARCHIVE_LAG_WARN.toSeconds() + " s)",
                    "check the store is up (/health store.ok) and the servers' logs; " + hint);
        }
        return CheckResult.ok("archive", lag);
    }

    /**
     * {@code retention}: which bound keeps a live run's events in the broker (always OK, for the operator):
     * the count ({@code ARENA_STREAM_MAXLEN}) alone, or with the age ({@code ARENA_STREAM_MAX_AGE}) that trims
     * archived events. Empty for a server that does not report it ({@code maxLen} 0). Short enough for an
     * 80-column table.
     *
     * @param maxAgeSeconds null when there is no age bound
     */
    static Optional<CheckResult> retention(long maxLen, Long maxAgeSeconds) {
        if (maxLen <= 0) {
            return Optional.empty();
        }
        return Optional.of(CheckResult.ok(
                "retention",
                maxAgeSeconds == null
                        ? "newest " + maxLen + " events per live run (no age bound)"
                        : "newest " + maxLen + " events, those archived under "
                                + Durations.exact(Duration.ofSeconds(maxAgeSeconds)) + " old"));
    }

    /** {@code forks}: CRITICAL when any fork task is stuck. */
    static CheckResult forks(long stuck, long running) {
        return stuck > 0
                ? new CheckResult(
                        "forks",
                        Status.CRITICAL,
                        stuck + " stuck fork task(s) of " + running + " running",
                        "run `arena diag forks --stuck`, then `arena diag triage <child run>`")
                : CheckResult.ok("forks", running + " fork task(s) running, none stuck");
    }

    /**
     * {@code publish_failures}: a WARNING when publishes failed — on Redis in any process on it
     * (the shared counter), else in the server; no line at all otherwise.
     */
    static Optional<CheckResult> publishFailures(long failures) {
        return failures > 0
                ? Optional.of(new CheckResult(
                        "publish_failures",
                        Status.WARNING,
                        failures + " publish(es) failed (on Redis: in any process, producers included)",
                        "check Redis reachability; see runbooks/redis-operations.md"))
                : Optional.empty();
    }

    /** {@code redis}: reachable and authenticated (reaching this rule means it is). */
    static CheckResult redis(String maskedUrl, String version, double pingMillis) {
        return CheckResult.ok(
                "redis",
                "reachable and authenticated at " + maskedUrl + ", Redis " + version + ", ping "
                        + String.format(Locale.ROOT, "%.2f", pingMillis) + " ms");
    }

    /** {@code redis.maxmemory}: WARNING when the policy may evict (anything but noeviction). */
    static CheckResult maxmemory(boolean evicts, String policy, long maxmemory) {
        return evicts
                ? new CheckResult(
                        "redis.maxmemory",
                        Status.WARNING,
                        "maxmemory-policy " + policy + " may evict sentinels or streams under memory pressure",
                        "CONFIG SET maxmemory-policy noeviction (and set it in the config)")
                : CheckResult.ok(
                        "redis.maxmemory",
                        "maxmemory-policy " + policy
                                + (maxmemory == 0 ? " (no memory limit)" : ", limit " + maxmemory + " bytes"));
    }

    /**
     * {@code runs_open}: WARNING when a Redis-backed server's runs_open differs from the sentinel
     * count of a complete scan; OK otherwise (also when the server could not be asked).
     *
     * @param serverBackend  the server's backend, or null when its metrics are unknown
     * @param serverRunsOpen the server's runs_open (ignored when {@code serverBackend} is null)
     */
    static CheckResult runsOpen(String serverBackend, long serverRunsOpen, long sentinels, boolean truncated) {
        if (serverBackend != null && "redis".equals(serverBackend) && !truncated && serverRunsOpen != sentinels) {
            return new CheckResult(
                    "runs_open",
                    Status.WARNING,
                    "server runs_open " + serverRunsOpen + " but " + sentinels + " sentinel(s) in Redis",
                    "run `arena diag sentinels` and triage the odd ones");
        }
        return CheckResult.ok(
                "runs_open",
                sentinels + " sentinel(s)"
                        + (truncated ? " (scan incomplete: key budget reached, or a master could not be read)" : "")
                        + (serverBackend != null ? ", server runs_open " + serverRunsOpen : ""));
    }

    /** {@code sentinel_progress}: CRITICAL when any open run made no progress for over the reaper grace. */
    static CheckResult sentinelProgress(List<String> staleRunIds, Duration reaperGrace) {
        if (!staleRunIds.isEmpty()) {
            return new CheckResult(
                    "sentinel_progress",
                    Status.CRITICAL,
                    staleRunIds.size() + " open run(s) with no progress for over " + Durations.humanize(reaperGrace)
                            + ", e.g. " + staleRunIds.get(0),
                    "arena diag triage " + staleRunIds.get(0));
        }
        return CheckResult.ok(
                "sentinel_progress", "every open run progressed within " + Durations.humanize(reaperGrace));
    }

    /** {@code sentinel_ttl}: a WARNING when sentinels never expire; no line otherwise. */
    static Optional<CheckResult> sentinelTtl(long withoutExpiry) {
        return withoutExpiry > 0
                ? Optional.of(new CheckResult(
                        "sentinel_ttl",
                        Status.WARNING,
                        withoutExpiry + " sentinel(s) without expiry",
                        "a producer set its sentinel without EX; they never expire — reap them"))
                : Optional.empty();
    }

    /**
     * {@code redis.cluster}: what diag talks to (e.g. "redis cluster: 3 masters, 3 replicas,
     * cluster_state ok", as the node {@code seenBy} sees it); CRITICAL when {@code cluster_state}
     * is not {@code ok} (the cluster refuses commands until it is).
     */
    static CheckResult clusterState(String summary, String clusterState, String seenBy) {
        String message = summary + " (as " + seenBy + " sees it)";
        return "ok".equals(clusterState)
                ? CheckResult.ok("redis.cluster", message)
                : new CheckResult(
                        "redis.cluster",
                        Status.CRITICAL,
                        message,
                        "the cluster answers no command while cluster_state is " + clusterState
                                + ": see redis.nodes and redis.slots; a failed master's replica takes over after cluster-node-timeout,"
                                + " see runbooks/redis-operations.md, \"Redis Cluster\"");
    }

    /**
     * {@code redis.slots}: CRITICAL when any of the 16384 hash slots has no master or its master is
     * agreed down ({@code cluster_slots_fail}); WARNING when masters of some slots are only
     * suspected ({@code cluster_slots_pfail}); OK when every slot is assigned and served.
     */
    static CheckResult slots(int assigned, int pfail, int fail) {
        int unassigned = Topology.SLOTS - assigned;
        if (unassigned > 0 || fail > 0) {
            return new CheckResult(
                    "redis.slots",
                    Status.CRITICAL,
                    (unassigned > 0 ? unassigned + " of " + Topology.SLOTS + " slots assigned to no master" : "")
                            + (unassigned > 0 && fail > 0 ? "; " : "")
                            + (fail > 0 ? fail + " slots on a failed master" : ""),
                    unassigned > 0
                            ? "assign them (redis-cli --cluster fix HOST:PORT); runs whose {id} hashes there cannot publish"
                            : "wait for the failover or restart the master; runs on those slots cannot publish meanwhile");
        }
        if (pfail > 0) {
            return new CheckResult(
                    "redis.slots",
                    Status.WARNING,
                    pfail + " slots on a master suspected down (pfail)",
                    "run doctor again in a few seconds: the cluster confirms the failure and fails over, or the master answers again");
        }
        return CheckResult.ok("redis.slots", "all " + Topology.SLOTS + " slots assigned and served");
    }

    /**
     * {@code redis.nodes}: CRITICAL when a node serving slots is flagged {@code fail} or {@code fail?},
     * or cannot be read although the cluster does not flag it (the first {@code cluster-node-timeout}
     * after a crash); WARNING when only nodes without slots are in trouble (a failed replica, a
     * former master whose replica took over, a node that refuses the password — e.g. restarted with
     * its old {@code requirepass} after a rotation); OK otherwise.
     *
     * @param failing  nodes the cluster flags as failing
     * @param unread   nodes the cluster does not flag but that diag could not read, with why
     */
    static CheckResult failingNodes(List<RedisNode> failing, List<NodeInfo> unread, int nodes) {
        if (failing.isEmpty() && unread.isEmpty()) {
            return CheckResult.ok("redis.nodes", nodes + " node(s), none failing");
        }
        List<String> labels = new ArrayList<>(failing.stream()
                .map(n -> n.label() + (n.master() && n.slots() == 0 ? " without slots" : ""))
                .toList());
        unread.forEach(n -> labels.add(n.node().label() + " " + n.error() + " (not flagged by the cluster)"));
        boolean servesSlots = failing.stream().anyMatch(n -> n.slots() > 0)
                || unread.stream().anyMatch(n -> n.node().slots() > 0);
        boolean password =
                unread.stream().anyMatch(n -> n.error() != null && n.error().contains("password"));
        return new CheckResult(
                "redis.nodes",
                servesSlots ? Status.CRITICAL : Status.WARNING,
                (failing.size() + unread.size()) + " of " + nodes + " node(s) failing: " + String.join(", ", labels),
                servesSlots
                        ? "a master serving slots is down: its replica takes over after cluster-node-timeout (no replica: restart it)"
                        : password
                                ? "a node refuses the password: restarted with its old requirepass/masterauth after a rotation?"
                                        + " Set the current password in its config and restart it (runbooks/redis-operations.md, \"Redis Cluster\")"
                                : "restart the failed node(s): a former master rejoins as a replica; until then the cluster has less redundancy");
    }

    /**
     * {@code redis.replication}: WARNING naming each replica whose link to its master is down (it
     * serves stale data and cannot take over; after a rotation, a masterauth without the current
     * password); OK when every replica read is linked.
     */
    static CheckResult replication(List<NodeInfo> nodes) {
        List<NodeInfo> replicas = nodes.stream()
                .filter(n -> n.info() != null && n.info().masterLinkStatus() != null)
                .toList();
        List<String> down = replicas.stream()
                .filter(n -> !"up".equals(n.info().masterLinkStatus()))
                .map(n -> n.node().address() + " master_link_status " + n.info().masterLinkStatus())
                .toList();
        return down.isEmpty()
                ? CheckResult.ok("redis.replication", replicas.size() + " replica(s) linked to their masters")
                : new CheckResult(
                        "redis.replication",
                        Status.WARNING,
                        String.join(", ", down),
                        "see the replica's log: a masterauth without the current password (CONFIG SET masterauth), or its master unreachable");
    }

    /**
     * {@code redis.maxmemory} on a cluster: WARNING naming every node whose policy may evict
     * (anything but noeviction); nodes that could not be asked are listed, not judged.
     */
    static CheckResult maxmemoryPerNode(List<NodeInfo> nodes) {
        List<String> evicting = nodes.stream()
                .filter(n -> n.info() != null && n.info().evicts())
                .map(n -> n.node().address() + " " + n.info().maxmemoryPolicy())
                .toList();
        List<String> unasked = nodes.stream()
                .filter(n -> n.info() == null)
                .map(n -> n.node().address())
                .toList();
        String notAsked = unasked.isEmpty() ? "" : "; not asked: " + String.join(", ", unasked);
        if (!evicting.isEmpty()) {
            return new CheckResult(
                    "redis.maxmemory",
                    Status.WARNING,
                    "maxmemory-policy may evict sentinels or streams on " + String.join(", ", evicting) + notAsked,
                    "CONFIG SET maxmemory-policy noeviction on each of them (and set it in their config)");
        }
        List<String> policies = nodes.stream()
                .filter(n -> n.info() != null)
                .map(n -> n.info().maxmemoryPolicy())
                .distinct()
                .toList();
        return CheckResult.ok(
                "redis.maxmemory",
                "maxmemory-policy " + String.join("/", policies) + " on all " + (nodes.size() - unasked.size())
                        + " node(s) asked" + notAsked);
    }
}
