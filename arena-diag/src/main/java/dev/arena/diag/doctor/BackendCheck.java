package dev.arena.diag.doctor;

import dev.arena.config.RedisUrl;
import dev.arena.diag.DiagException;
import dev.arena.diag.Status;
import dev.arena.diag.redis.RedisUnavailableException;
import dev.arena.diag.source.DiagSources;
import dev.arena.wire.Backend;
import dev.arena.wire.Health;
import java.util.ArrayList;
import java.util.List;

/**
 * The "which broker does the factory pick here?" check (runbooks/switching-backend.md), plus the comparison with the
 * server: producer and consumer on different brokers (or different Redis servers) is the classic
 * cause of a stream that shows nothing. With Redis selected it also says what that Redis is (standalone, or
 * a cluster's masters, replicas and {@code cluster_state}).
 */
public final class BackendCheck {

    private final DiagSources sources;

    public BackendCheck(DiagSources sources) {
        this.sources = sources;
    }

    public BackendReport check() {
        Backend backend = sources.context().backend();
        String local = backend.wireName();
        String localRedis = sources.context().maskedRedisUrl();
        List<String> messages = new ArrayList<>();
        messages.add("this shell: ARENA_BROKER_BACKEND → " + local
                + (backend == Backend.REDIS
                        ? " (RedisStreamsBroker) at " + localRedis
                        : " (InProcessEventBroker: only this process sees its runs)"));
        String topology = null;
        if (sources.redisSelected()) {
            try {
                topology = sources.redis().topology().summary();
            } catch (DiagException | RedisUnavailableException e) {
                topology = "not asked: " + e.getMessage();
            }
            messages.add("this shell's Redis: " + topology);
        }
        Health health;
        try {
            health = sources.server().health();
        } catch (DiagException | RedisUnavailableException e) {
            messages.add("server: " + e.getMessage());
            return new BackendReport(
                    local,
                    localRedis,
                    sources.context().serverUrl(),
                    false,
                    null,
                    null,
                    Status.UNKNOWN,
                    messages,
                    topology);
        }
        return compare(
                        backend,
                        localRedis,
                        sources.context().serverUrl(),
                        health.backend() == null ? null : health.backend().wireName(),
                        health.redis() == null ? null : health.redis().url(),
                        messages)
                .withRedisTopology(topology);
    }

    /**
     * The comparison rule: CRITICAL when the server runs the in-process backend (no other process can share it), reads
     * another backend, or both use Redis but different servers/databases; OK otherwise. Appends what was compared to {@code messages}.
     *
     * @param serverRedis the server's (masked) Redis URL, or null when it has none
     */
    static BackendReport compare(
            Backend backend,
            String localRedis,
            String serverUrl,
            String serverBackend,
            String serverRedis,
            List<String> messages) {
        String local = backend.wireName();
        messages.add("server " + serverUrl + ": backend " + serverBackend
                + (serverRedis != null ? " at " + serverRedis : ""));
        Status status = Status.OK;
        if (Backend.INPROCESS.wireName().equals(serverBackend)) {
            // In-process means the server's own memory: no other process can share it, whatever this shell selects.
            status = Status.CRITICAL;
            messages.add("NOT SHARED: the server runs the in-process backend: its runs live inside the server's own"
                    + " process, so runs produced here (arena smoke, arena race) "
                    + (backend == Backend.INPROCESS
                            ? "go into this process's own in-process broker"
                            : "go to " + localRedis)
                    + " and never reach it. Restart the server and set this shell with ARENA_BROKER_BACKEND=redis"
                    + " REDIS_URL=redis://… (the same Redis for both), or use `arena demo` (server, traffic and"
                    + " console in one process).");
        } else if (!local.equals(serverBackend)) {
            status = Status.CRITICAL;
            messages.add("MISMATCH: this shell would publish to " + local + " but the server reads " + serverBackend
                    + " — runs produced here will never reach the server. Set ARENA_BROKER_BACKEND=" + serverBackend
                    + " here (or restart the server with the same setting).");
        } else if (backend == Backend.REDIS && serverRedis != null && !sameRedis(localRedis, serverRedis)) {
            status = Status.CRITICAL;
            messages.add("MISMATCH: both use Redis but different servers/databases: here " + localRedis + ", server "
                    + serverRedis + ". Point REDIS_URL (or REDIS_PASSWORD) at the same Redis.");
        } else {
            messages.add("match: producers started in this shell reach the server's broker");
        }
        return new BackendReport(
                local, localRedis, serverUrl, true, serverBackend, serverRedis, status, messages, null);
    }

    /** Same host (localhost ≡ 127.0.0.1 ≡ ::1), port and database. */
    static boolean sameRedis(String a, String b) {
        return RedisUrl.endpointOf(a).equals(RedisUrl.endpointOf(b));
    }
}
