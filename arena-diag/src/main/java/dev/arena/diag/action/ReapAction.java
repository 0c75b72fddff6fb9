package dev.arena.diag.action;

import dev.arena.broker.RunId;
import dev.arena.broker.redis.RedisKeys;
import dev.arena.config.Durations;
import dev.arena.diag.DiagException;
import dev.arena.diag.redis.RedisSession;
import dev.arena.diag.redis.RedisUnavailableException;
import dev.arena.diag.redis.StreamInfo;
import dev.arena.diag.server.ServerUnreachableException;
import dev.arena.diag.source.DiagSources;
import dev.arena.wire.ForkTaskView;
import dev.arena.wire.ReapReceipt;
import dev.arena.wire.RunDetail;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Manual reap of one run (docs/design.md, "Guarded actions"). With the server up it goes through {@code POST /admin/runs/{id}/reap},
 * which persists what is retained before dropping the run. With the server down and Redis as the
 * backend, persisting first is impossible: the preview says so and the action needs {@code --force};
 * it then deletes the run's four keys with one DEL (one slot, so atomic). A run that progressed in
 * the last minute is refused without {@code --force}. When a running fork task produces the run, the
 * preview says so and the server cancels that task as part of the reap; verification checks it ended.
 */
public final class ReapAction implements GuardedAction {

    /** A run that published within this window counts as progressing. */
    public static final Duration PROGRESS_WINDOW = Duration.ofMinutes(1);

    private final RunId run;
    private final DiagSources sources;
    private final boolean force;
    private boolean viaServer;
    private ForkTaskView fork;

    public ReapAction(RunId run, DiagSources sources, boolean force) {
        this.run = run;
        this.sources = sources;
        this.force = force;
    }

    @Override
    public String name() {
        return "reap";
    }

    @Override
    public String target() {
        return run.value();
    }

    @Override
    public String confirmPrefix() {
        return run.prefix();
    }

    @Override
    public ActionPreview preview() {
        List<String> facts = new ArrayList<>();
        Map<String, Object> data = new LinkedHashMap<>();
        String serverUrl = sources.context().serverUrl();
        RunDetail detail = null;
        boolean serverUp;
        try {
            detail = sources.server().run(run).orElse(null);
            serverUp = true;
        } catch (ServerUnreachableException e) {
            serverUp = false;
            facts.add("server: unreachable (" + e.getMessage() + ")");
        }
        StreamInfo redis = null;
        if (sources.redisSelected()) {
            redis = sources.redis().streamInfo(run);
        }
        viaServer = serverUp;
        data.put("server_up", serverUp);
        data.put("via", serverUp ? "server" : "redis");
        if (detail != null) {
            facts.add("server: status " + detail.status().wireName() + ", seq " + detail.headSeq() + ".."
                    + detail.lastSeq() + ", "
                    + detail.length() + " retained, " + detail.subscribers() + " subscriber(s), persisted "
                    + detail.persisted()
                    + (detail.sentinelTtlSeconds() != null
                            ? ", sentinel TTL " + detail.sentinelTtlSeconds() + "s"
                            : ""));
            data.put("status", detail.status().wireName());
            data.put("length", detail.length());
            data.put("subscribers", detail.subscribers());
            data.put("persisted", detail.persisted());
        } else if (serverUp) {
            facts.add("server: does not know run " + run);
        }
        if (redis != null) {
            facts.add("redis keys: " + RedisKeys.events(run) + " ("
                    + (redis.exists()
                            ? redis.length() + " entries, seq " + redis.firstSeq() + ".." + redis.lastSeq()
                            : "absent")
                    + "), " + RedisKeys.seq(run) + " ("
                    + (redis.seqCounter() == null ? "absent" : redis.seqCounter()) + "), " + RedisKeys.open(run) + " ("
                    + (redis.open()
                            ? "TTL " + (redis.sentinelTtlMillis() < 0 ? "none" : redis.sentinelTtlMillis() / 1000 + "s")
                            : "absent")
                    + "), "
                    + RedisKeys.meta(run) + " (run metadata)");
            data.put("redis_length", redis.length());
            data.put("sentinel_ttl_ms", redis.sentinelTtlMillis());
        }
        boolean known =
                detail != null || (redis != null && (redis.exists() || redis.open() || redis.seqCounter() != null));
        ReapRules.Route route = ReapRules.route(run, serverUrl, serverUp, redis != null, known);
        Optional<Duration> sinceProgress = sinceProgress(detail, redis);
        sinceProgress.ifPresent(d -> {
            facts.add("last progress " + Durations.humanize(d) + " ago");
            data.put("idle_seconds", d.toSeconds());
        });
        List<String> steps = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        fork = serverUp ? producingFork() : null;
        if (fork != null) {
            facts.add("fork task " + fork.name() + " produces this run: " + fork.state()
                    + (fork.stuck() ? ", STUCK" : "") + ", stage " + fork.stage() + ", idle "
                    + Durations.humanize(Duration.ofMillis((long) (fork.idleSeconds() * 1000))));
            data.put("fork_task", fork.name());
        }
        if (route == ReapRules.Route.SERVER) {
            if (fork != null) {
                steps.add("the server first cancels fork task " + fork.name()
                        + " (its worker is interrupted and the task ends "
                        + "cancelled), so no fork task keeps running for a run that is gone");
            }
            steps.add(
                    "POST " + serverUrl + "/admin/runs/" + run
                            + "/reap: the server persists the retained events to the store, "
                            + "publishes run.reaped if the run is open (readers get their end), then drops the run's buffer/keys");
            steps.add("verify: GET /runs/" + run + " no longer reports it running"
                    + (redis != null ? "; its Redis sentinel is gone" : "")
                    + (fork != null ? "; GET /debug/forks no longer reports " + fork.name() + " running" : ""));
            commands.add("curl -s -X POST -H \"Authorization: Bearer $ARENA_ADMIN_TOKEN\" " + serverUrl + "/admin/runs/"
                    + run + "/reap");
        } else {
            steps.add("DEL " + String.join(" ", RedisKeys.all(run)) + " — one command, one slot: atomic");
            steps.add(
                    "the server is down, so persisting first is IMPOSSIBLE: " + redis.length()
                            + " retained event(s) are lost unless already in the store; readers see the stream vanish (overflow)");
            steps.add("verify: EXISTS on the four keys returns 0");
            commands.add(
                    onCluster()
                            ? "redis-cli -c -u \"$ONE_NODE_URL\" DEL " + String.join(" ", RedisKeys.all(run))
                                    + "   # a Redis Cluster: any one node's URL; -c follows the redirect to the run's master"
                            : "redis-cli -u \"$REDIS_URL\" DEL " + String.join(" ", RedisKeys.all(run)));
        }
        String blocker =
                ReapRules.blocker(run, route, sources.context().adminToken().isPresent(), force, sinceProgress);
        return new ActionPreview(name(), target(), confirmPrefix(), facts, steps, commands, blocker, data);
    }

    /** The running fork task whose child is this run, or null (also when the server cannot list its tasks). */
    private ForkTaskView producingFork() {
        try {
            return sources.server().forks().stream()
                    .filter(f -> f.isRunning() && run.value().equals(f.childRunId()))
                    .findFirst()
                    .orElse(null);
        } catch (DiagException | RedisUnavailableException e) {
            return null; // the reap itself still cancels such a task on the server
        }
    }

    private Optional<Duration> sinceProgress(RunDetail detail, StreamInfo redis) {
        if (detail != null && detail.idleSeconds() != null && detail.isRunning()) {
            return Optional.of(Duration.ofMillis((long) (detail.idleSeconds() * 1000)));
        }
        if (redis != null && redis.lastEventAgeMillis() != null && redis.open()) {
            return Optional.of(Duration.ofMillis(redis.lastEventAgeMillis()));
        }
        return Optional.empty();
    }

    @Override
    public ActionReport execute(ActionPreview preview) {
        return viaServer ? viaServer() : viaRedis();
    }

    private ActionReport viaServer() {
        ReapReceipt receipt = sources.server().reap(run, "arena diag reap");
        List<String> checks = new ArrayList<>();
        checks.add("server reaped: " + receipt.reaped() + ", final status "
                + receipt.status().wireName() + ", " + receipt.eventsPersisted() + " event(s) persisted");
        boolean ok = true;
        if (receipt.forkCancelled() != null) {
            checks.add("fork task " + receipt.forkCancelled() + " cancelled by the server as part of the reap");
        }
        List<ForkTaskView> tasks;
        try {
            tasks = sources.server().forks();
        } catch (DiagException | RedisUnavailableException e) {
            tasks = List.of();
            checks.add("GET /debug/forks: could not be read (" + e.getMessage() + ")");
        }
        for (ForkTaskView f : tasks) {
            if (f.isRunning() && run.value().equals(f.childRunId())) {
                ok = false;
                checks.add("FAILED: fork task " + f.name() + " still running for this run");
            } else if (fork != null && f.name().equals(fork.name())) {
                checks.add("GET /debug/forks: " + f.name() + " " + f.state());
            }
        }
        Optional<RunDetail> after = sources.server().run(run);
        if (after.isPresent() && after.get().isRunning()) {
            ok = false;
            checks.add("FAILED: GET /runs/" + run + " still reports running");
        } else {
            checks.add("GET /runs/" + run + ": "
                    + after.map(d -> d.status().wireName()).orElse("gone"));
        }
        if (sources.redisSelected()) {
            StreamInfo s = sources.redis().streamInfo(run);
            if (s.open()) {
                ok = false;
                checks.add("FAILED: sentinel " + RedisKeys.open(run) + " still exists");
            } else {
                checks.add("sentinel " + RedisKeys.open(run) + ": gone");
            }
        }
        return new ActionReport(
                ok,
                false,
                ok
                        ? "reaped " + run + " through the server (persisted first)"
                        : "reap requested but verification failed",
                checks);
    }

    /** True when the Redis read is a cluster (a seed-list REDIS_URL cannot be handed to redis-cli as it is). */
    private boolean onCluster() {
        try {
            return sources.redis().topology().cluster();
        } catch (DiagException | RedisUnavailableException e) {
            return false;
        }
    }

    private ActionReport viaRedis() {
        List<String> keys = RedisKeys.all(run);
        try (RedisSession session = RedisSession.open(
                sources.context().redisUrl(),
                sources.clientName(),
                sources.context().timeout())) {
            long deleted = session.run(cmd -> cmd.del(keys.toArray(String[]::new)));
            long left = session.run(cmd -> cmd.exists(keys.toArray(String[]::new)));
            List<String> checks = List.of("DEL removed " + deleted + " key(s)", "EXISTS on the four keys: " + left);
            return new ActionReport(
                    left == 0,
                    false,
                    left == 0
                            ? "deleted the keys of " + run + " (not persisted: the server was down)"
                            : "keys of " + run + " still exist after DEL",
                    checks);
        }
    }
}
