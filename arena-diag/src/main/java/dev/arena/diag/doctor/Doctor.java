package dev.arena.diag.doctor;

import dev.arena.api.Health;
import dev.arena.api.ServerMetrics;
import dev.arena.broker.RunId;
import dev.arena.config.ArenaConfig.Backend;
import dev.arena.config.ArenaConfig;
import dev.arena.config.ConfigException;
import dev.arena.diag.DiagException;
import dev.arena.diag.DiagSources;
import dev.arena.diag.Status;
import dev.arena.diag.redis.RedisInspector;
import dev.arena.diag.redis.RedisServerInfo;
import dev.arena.diag.redis.SentinelScan;
import dev.arena.diag.redis.StreamInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs every check of §8 — environment consistency, Redis reachable and authenticated, server
 * reachable, backend match, runs_open versus sentinels, sentinels without progress, dropped
 * streams, stuck forks, Redis maxmemory policy — and reports each with a hint. Bounded: one
 * sentinel scan (budget {@link #SENTINEL_BUDGET}) and a pipelined stream read.
 */
public final class Doctor {

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
        if (sources.redisSelected()) {
            redisChecks(out, metrics);
        } else {
            out.add(CheckResult.ok("redis", "not checked: the backend here is inprocess (pass --redis URL to check a Redis)"));
        }
        return new DoctorReport(out);
    }

    private CheckResult envCheck() {
        try {
            ArenaConfig.from(env);
        } catch (ConfigException e) {
            return new CheckResult("env", Status.UNKNOWN, e.getMessage(), "fix " + e.variable() + " in this shell's environment");
        }
        String url = env.get("REDIS_URL");
        String password = env.get("REDIS_PASSWORD");
        if (url != null && !url.isBlank() && password != null && !password.isBlank()) {
            String inUrl = dev.arena.diag.redis.RedisUrls.password(url);
            if (inUrl == null || !inUrl.equals(password)) {
                return new CheckResult("env", Status.WARNING, "REDIS_URL and REDIS_PASSWORD are both set and disagree; REDIS_URL wins",
                        "unset one of them so every process agrees on the password");
            }
        }
        if (sources.redisSelected() && (url == null || url.isBlank()) && (password == null || password.isBlank())
                && !sources.context().redisExplicit()) {
            return new CheckResult("env", Status.WARNING, "backend redis but neither REDIS_URL nor REDIS_PASSWORD is set: using "
                    + ArenaConfig.DEFAULT_REDIS_URL + " without a password", "source the .env file or set REDIS_URL");
        }
        return CheckResult.ok("env", "environment parses; backend " + sources.context().backend().wireName()
                + (sources.redisSelected() ? ", redis " + sources.context().maskedRedisUrl() : ""));
    }

    private ServerMetrics serverChecks(List<CheckResult> out) {
        Health health;
        try {
            health = sources.server().health();
        } catch (DiagException e) {
            out.add(new CheckResult("server", Status.UNKNOWN, e.getMessage(), "start `arena server` or point --server / ARENA_SERVER_URL at it"));
            return null;
        }
        out.add(health.isOk()
                ? CheckResult.ok("server", "reachable, " + (health.backend() == null ? null : health.backend().wireName()) + ", up " + health.uptimeSeconds() + "s, version " + health.version())
                : new CheckResult("server", Status.WARNING, "reachable but " + health.status(), "see the server log and GET /health"));
        BackendReport backend = new BackendCheck(sources).check();
        out.add(new CheckResult("backend", backend.status(), backend.messages().get(backend.messages().size() - 1),
                backend.status() == Status.OK ? null : "see `arena diag backend` and runbooks/switching-backend.md"));
        ServerMetrics m;
        try {
            m = sources.server().metrics();
        } catch (DiagException e) {
            out.add(new CheckResult("metrics", Status.UNKNOWN, e.getMessage(), null));
            return null;
        }
        out.add(m.streamsDropped() > 0
                ? new CheckResult("streams_dropped", Status.WARNING, m.streamsDropped() + " reader(s) fell behind retention or were evicted",
                "readers resume at available_from; raise ARENA_STREAM_MAXLEN if it keeps happening")
                : CheckResult.ok("streams_dropped", "no dropped streams"));
        out.add(m.forkTasksStuck() > 0
                ? new CheckResult("forks", Status.CRITICAL, m.forkTasksStuck() + " stuck fork task(s) of " + m.forkTasksRunning() + " running",
                "run `arena diag forks --stuck`, then `arena diag triage <child run>`")
                : CheckResult.ok("forks", m.forkTasksRunning() + " fork task(s) running, none stuck"));
        if (m.publishFailures() > 0) {
            out.add(new CheckResult("publish_failures", Status.WARNING, m.publishFailures() + " publish(es) failed in the server",
                    "check Redis reachability; see runbooks/redis-operations.md"));
        }
        return m;
    }

    private void redisChecks(List<CheckResult> out, ServerMetrics metrics) {
        RedisInspector redis;
        RedisServerInfo info;
        try {
            redis = sources.redis();
            info = redis.serverInfo();
        } catch (DiagException e) {
            out.add(new CheckResult("redis", Status.UNKNOWN, e.getMessage(), "see runbooks/redis-operations.md"));
            return;
        }
        out.add(CheckResult.ok("redis", "reachable and authenticated at " + redis.maskedUrl() + ", Redis " + info.version()
                + ", ping " + String.format(java.util.Locale.ROOT, "%.2f", info.pingMillis()) + " ms"));
        out.add(info.evicts()
                ? new CheckResult("redis.maxmemory", Status.WARNING, "maxmemory-policy " + info.maxmemoryPolicy()
                + " may evict sentinels or streams under memory pressure", "CONFIG SET maxmemory-policy noeviction (and set it in the config)")
                : CheckResult.ok("redis.maxmemory", "maxmemory-policy " + info.maxmemoryPolicy()
                + (info.maxmemory() == 0 ? " (no memory limit)" : ", limit " + info.maxmemory() + " bytes")));
        SentinelScan scan;
        try {
            scan = redis.sentinels(SENTINEL_BUDGET);
        } catch (DiagException e) {
            out.add(new CheckResult("sentinels", Status.UNKNOWN, e.getMessage(), null));
            return;
        }
        long count = scan.sentinels().size();
        if (metrics != null && metrics.backend() == Backend.REDIS && !scan.truncated() && metrics.runsOpen() != count) {
            out.add(new CheckResult("runs_open", Status.WARNING, "server runs_open " + metrics.runsOpen() + " but " + count
                    + " sentinel(s) in Redis", "run `arena diag sentinels` and triage the odd ones"));
        } else {
            out.add(CheckResult.ok("runs_open", count + " sentinel(s)" + (scan.truncated() ? " (scan stopped at budget)" : "")
                    + (metrics != null ? ", server runs_open " + metrics.runsOpen() : "")));
        }
        long noTtl = scan.sentinels().stream().filter(s -> s.ttlMillis() == -1).count();
        List<RunId> runs = scan.sentinels().stream().limit(1000).map(s -> RunId.parse(s.runId())).toList();
        List<StreamInfo> streams;
        try {
            streams = redis.streamInfos(runs);
        } catch (DiagException e) {
            out.add(new CheckResult("sentinel_progress", Status.UNKNOWN, e.getMessage(), null));
            return;
        }
        List<String> stale = streams.stream().filter(s -> s.lastEventAgeMillis() != null
                && s.lastEventAgeMillis() > reaperGrace.toMillis()).map(StreamInfo::runId).toList();
        if (!stale.isEmpty()) {
            out.add(new CheckResult("sentinel_progress", Status.CRITICAL, stale.size() + " open run(s) with no progress for over "
                    + dev.arena.config.Durations.humanize(reaperGrace) + ", e.g. " + stale.get(0),
                    "arena diag triage " + stale.get(0)));
        } else {
            out.add(CheckResult.ok("sentinel_progress", "every open run progressed within " + dev.arena.config.Durations.humanize(reaperGrace)));
        }
        if (noTtl > 0) {
            out.add(new CheckResult("sentinel_ttl", Status.WARNING, noTtl + " sentinel(s) without expiry",
                    "a producer set its sentinel without EX; they never expire — reap them"));
        }
    }
}
