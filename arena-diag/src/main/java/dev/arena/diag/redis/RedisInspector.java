package dev.arena.diag.redis;

import dev.arena.broker.redis.RedisKeys;
import dev.arena.broker.RunId;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Read-only inspection of the broker's Redis state (docs/design.md, "Redis keys"). Every scan is bounded (SCAN COUNT 1000 per
 * page with a key budget, each page's TTLs read in the same round trip — see {@link SentinelPages});
 * no KEYS, no blocking reads, so it is safe against a busy production Redis. Methods are synchronized: one inspector serves one caller at a time.
 */
public final class RedisInspector implements AutoCloseable {

    /** Keys asked for per SCAN call. */
    static final int SCAN_COUNT = 1000;

    private final RedisSession session;
    private final Clock clock;
    private final Duration timeout;
    private final SentinelPages pages;

    public RedisInspector(RedisSession session, Clock clock, Duration timeout) {
        this.session = session;
        this.clock = clock;
        this.timeout = timeout;
        this.pages = new SentinelPages(session.connection(), timeout);
    }

    /**
     * Opens a session and wraps it; closing the inspector closes the session.
     *
     * @throws RedisUnavailableException when Redis is unreachable or refuses the credentials
     */
    public static RedisInspector connect(String url, String clientName, Duration timeout, Clock clock) {
        return new RedisInspector(RedisSession.open(url, clientName, timeout), clock, timeout);
    }

    /** The masked URL inspected. */
    public String maskedUrl() {
        return session.maskedUrl();
    }

    /**
     * Every open-run sentinel, up to {@code maxKeys} of them, with TTLs.
     *
     * @param maxKeys key budget; the scan stops (and says so) once this many sentinels are found
     */
    public synchronized SentinelScan sentinels(int maxKeys) {
        long start = System.nanoTime();
        List<Sentinel> found = new ArrayList<>();
        long malformed = 0;
        boolean truncated = false;
        String cursor = "0";
        try {
            do {
                SentinelPages.Page page = pages.next(cursor, RedisKeys.OPEN_PATTERN, SCAN_COUNT);
                for (int i = 0; i < page.keys().size(); i++) {
                    String run = RedisKeys.runIdOfSentinel(page.keys().get(i));
                    if (run == null) {
                        malformed++;
                    } else if (found.size() < maxKeys) {
                        Long ttl = page.ttls().get(i);
                        found.add(new Sentinel(run, ttl == null ? -2 : ttl));
                    } else {
                        truncated = true;
                    }
                }
                cursor = page.cursor();
            } while (!"0".equals(cursor) && !truncated);
        } catch (RuntimeException e) {
            throw RedisSession.translate(e, session.maskedUrl(), null);
        }
        found.sort(Comparator.comparing(Sentinel::runId));
        return new SentinelScan(found, malformed, truncated || !"0".equals(cursor), (System.nanoTime() - start) / 1_000_000);
    }

    /** One run's stream, counter, sentinel and last event. */
    public synchronized StreamInfo streamInfo(RunId run) {
        return streamInfos(List.of(run)).get(0);
    }

    /** {@link #streamInfo} for many runs, pipelined: a fixed number of round trips whatever the count. */
    public synchronized List<StreamInfo> streamInfos(Collection<RunId> runs) {
        StatefulRedisConnection<String, String> c = session.connection();
        List<RunId> list = List.copyOf(runs);
        try {
            List<String> eventKeys = list.stream().map(RedisKeys::events).toList();
            List<List<Object>> infos = pipelined(c, eventKeys, (async, key) -> async.xinfoStream(key));
            List<String> seqs = pipelined(c, list.stream().map(RedisKeys::seq).toList(), (async, key) -> async.get(key));
            List<Long> ttls = pipelined(c, list.stream().map(RedisKeys::open).toList(), (async, key) -> async.pttl(key));
            List<StreamInfo> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                out.add(StreamInfos.from(list.get(i).value(), infos.get(i), seqs.get(i), ttls.get(i), clock.instant()));
            }
            return out;
        } catch (RuntimeException e) {
            throw RedisSession.translate(e, session.maskedUrl(), null);
        }
    }

    /** The newest {@code count} envelopes of a run, oldest first (XREVRANGE, bounded). */
    public synchronized List<String> lastEvents(RunId run, int count) {
        int n = Math.max(1, Math.min(count, 1000));
        return session.run(cmd -> {
            List<String> out = new ArrayList<>();
            cmd.xrevrange(RedisKeys.events(run), io.lettuce.core.Range.create("-", "+"), io.lettuce.core.Limit.from(n))
                    .forEach(m -> out.add(0, m.getBody().get("data")));
            return out;
        });
    }

    /** Every connected client, parsed from {@code CLIENT LIST}. */
    public synchronized List<ClientInfo> clients() {
        return ClientList.parse(session.run(cmd -> cmd.clientList()));
    }

    /**
     * Each of the run's keys ({@link RedisKeys#all}) with its {@code TYPE} and {@code PTTL} in ms (-2: missing,
     * -1: no expiry), in key order: what a bug report needs to see of a run's keys, pipelined in one round trip.
     */
    public synchronized Map<String, Map<String, Object>> keyFacts(RunId run) {
        List<String> keys = RedisKeys.all(run);
        StatefulRedisConnection<String, String> c = session.connection();
        try {
            List<String> types = pipelined(c, keys, (async, key) -> async.type(key));
            List<Long> ttls = pipelined(c, keys, (async, key) -> async.pttl(key));
            Map<String, Map<String, Object>> out = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                Map<String, Object> facts = new LinkedHashMap<>();
                facts.put("type", types.get(i));
                facts.put("pttl_ms", ttls.get(i));
                out.put(keys.get(i), facts);
            }
            return out;
        } catch (RuntimeException e) {
            throw RedisSession.translate(e, session.maskedUrl(), null);
        }
    }

    /**
     * The raw {@code XINFO STREAM} reply for the run's events key, as field → value (nested entries as lists of
     * text); empty when the stream does not exist.
     */
    public synchronized Map<String, Object> xinfoStream(RunId run) {
        return session.run(cmd -> {
            if (cmd.exists(RedisKeys.events(run)) == 0) {
                return Map.of();
            }
            List<Object> reply = cmd.xinfoStream(RedisKeys.events(run));
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i + 1 < reply.size(); i += 2) {
                out.put(String.valueOf(reply.get(i)), plain(reply.get(i + 1)));
            }
            return out;
        });
    }

    private static Object plain(Object value) {
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(plain(v)));
            return out;
        }
        return value instanceof Number || value == null ? value : String.valueOf(value);
    }

    /** {@code CLIENT LIST} as Redis prints it: one connection per line (names, addresses, commands; no passwords). */
    public synchronized String clientListText() {
        return session.run(cmd -> cmd.clientList());
    }

    /** Server facts for doctor: version, memory policy, ping, the shared published counter. */
    public synchronized RedisServerInfo serverInfo() {
        return session.run(cmd -> {
            long t0 = System.nanoTime();
            cmd.ping();
            double ping = (System.nanoTime() - t0) / 1e6;
            Map<String, String> server = ClientList.infoFields(cmd.info("server"));
            Map<String, String> memory = ClientList.infoFields(cmd.info("memory"));
            Map<String, String> clients = ClientList.infoFields(cmd.info("clients"));
            Map<String, String> persistence = ClientList.infoFields(cmd.info("persistence"));
            String published = cmd.get(RedisKeys.PUBLISHED);
            return new RedisServerInfo(server.getOrDefault("redis_version", "?"),
                    parseLong(memory.get("maxmemory")), memory.getOrDefault("maxmemory_policy", "?"),
                    parseLong(memory.get("used_memory")), parseLong(clients.get("connected_clients")), ping,
                    parseLong(published), "1".equals(persistence.get("aof_enabled")),
                    server.containsKey("uptime_in_seconds") ? parseLong(server.get("uptime_in_seconds")) : -1);
        });
    }

    /** The shared {@code events_published} counter ({@code arena:stats:published}). */
    public synchronized long publishedCounter() {
        return parseLong(session.run(cmd -> cmd.get(RedisKeys.PUBLISHED)));
    }

    /** The shared {@code publish_failures} counter ({@code arena:stats:publish_failures}): failed publishes of every process. */
    public synchronized long publishFailuresCounter() {
        return parseLong(session.run(cmd -> cmd.get(RedisKeys.PUBLISH_FAILURES)));
    }

    private interface PipelinedCall<T> {
        RedisFuture<T> call(RedisAsyncCommands<String, String> async, String key);
    }

    /** Sends one command per key without waiting in between, then collects; a failed reply reads as null. */
    private <T> List<T> pipelined(StatefulRedisConnection<String, String> c, List<String> keys, PipelinedCall<T> call) {
        List<T> out = new ArrayList<>(keys.size());
        if (keys.isEmpty()) {
            return out;
        }
        RedisAsyncCommands<String, String> async = c.async();
        List<RedisFuture<T>> futures = new ArrayList<>(keys.size());
        c.setAutoFlushCommands(false);
        try {
            for (String key : keys) {
                futures.add(call.call(async, key));
            }
            c.flushCommands();
        } finally {
            c.setAutoFlushCommands(true);
        }
        long deadline = System.nanoTime() + timeout.toNanos() * 2;
        for (RedisFuture<T> f : futures) {
            try {
                out.add(f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                out.add(null);
            } catch (TimeoutException e) {
                throw new RedisUnavailableException(RedisUnavailableException.Reason.TIMEOUT,
                        "Redis " + session.maskedUrl() + " did not answer a pipelined batch of " + keys.size() + " in time", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RedisUnavailableException(RedisUnavailableException.Reason.ERROR, "interrupted", e);
            }
        }
        return out;
    }

    static long parseLong(String s) {
        if (s == null || s.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
