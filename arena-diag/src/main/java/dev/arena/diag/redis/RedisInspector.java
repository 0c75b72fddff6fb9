package dev.arena.diag.redis;

import dev.arena.broker.RunId;
import dev.arena.broker.redis.RedisKeys;
import dev.arena.error.BackendUnavailableException;
import dev.arena.reply.BoundedReplies;
import dev.arena.time.Ticker;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only inspection of the broker's Redis state (docs/design.md, "Redis keys"). Every scan is bounded (SCAN COUNT 1000 per
 * page with a key budget, each page's TTLs read in the same round trip — see {@link SentinelPages});
 * no KEYS, no blocking reads, so it is safe against a busy production Redis. Methods are synchronized: one inspector serves one caller at a time.
 *
 * <p>On a Redis Cluster (see {@link RedisSession}) scans run on every master with one key budget
 * across them, a run's commands go to the node serving its slot, and {@code CLIENT LIST} and
 * server facts are read from every node; a standalone Redis is the one-node case.
 */
public final class RedisInspector implements AutoCloseable {

    /** Keys asked for per SCAN call. */
    static final int SCAN_COUNT = 1000;

    private final RedisSession session;
    private final Clock clock;
    private final Ticker ticker;
    private final Duration timeout;
    /** One page reader per master (each caches its script's SHA on its node), by node id. */
    private final Map<String, SentinelPages> pages = new HashMap<>();

    public RedisInspector(RedisSession session, Clock clock, Ticker ticker, Duration timeout) {
        this.session = session;
        this.clock = clock;
        this.ticker = ticker;
        this.timeout = timeout;
    }

    /**
     * Opens a session and wraps it; closing the inspector closes the session.
     *
     * @throws RedisUnavailableException when Redis is unreachable or refuses the credentials
     */
    public static RedisInspector connect(String url, String clientName, Duration timeout, Clock clock, Ticker ticker) {
        return new RedisInspector(RedisSession.open(url, clientName, timeout), clock, ticker, timeout);
    }

    /** The masked URL inspected. */
    public String maskedUrl() {
        return session.maskedUrl();
    }

    /** What this inspector talks to: one standalone Redis, or the cluster as one of its nodes sees it now. */
    public synchronized Topology topology() {
        return session.topology();
    }

    /**
     * Every open-run sentinel, up to {@code maxKeys} of them, with TTLs; on a cluster from every
     * master in turn, the budget shared by all of them.
     *
     * @param maxKeys key budget; the scan stops (and says so) once this many sentinels are found
     * @throws RedisUnavailableException when no master could be scanned
     */
    public synchronized SentinelScan sentinels(int maxKeys) {
        long start = ticker.nanos();
        List<Sentinel> found = new ArrayList<>();
        long malformed = 0;
        boolean incomplete = false;
        List<RedisNode> masters = session.topology().masters();
        RedisUnavailableException failure = null;
        int failed = 0;
        for (RedisNode master : masters) {
            if (incomplete && found.size() >= maxKeys) {
                break;
            }
            String cursor = "0";
            boolean full = false;
            try {
                SentinelPages reader = pages.computeIfAbsent(
                        master.id(), id -> new SentinelPages(session.connection(master), timeout));
                do {
                    SentinelPages.Page page = reader.next(cursor, RedisKeys.OPEN_PATTERN, SCAN_COUNT);
                    for (int i = 0; i < page.keys().size(); i++) {
                        String run = RedisKeys.runIdOfSentinel(page.keys().get(i));
                        if (run == null) {
                            malformed++;
                        } else if (found.size() < maxKeys) {
                            Long ttl = page.ttls().get(i);
                            found.add(new Sentinel(run, ttl == null ? -2 : ttl));
                        } else {
                            full = true;
                        }
                    }
                    cursor = page.cursor();
                } while (!"0".equals(cursor) && !full);
            } catch (RuntimeException e) {
                pages.remove(master.id());
                failure = RedisSession.translate(
                        e,
                        session.isCluster() ? session.maskedUrl() + " node " + master.address() : session.maskedUrl(),
                        null);
                failed++;
                cursor = "unfinished";
            }
            incomplete |= full || !"0".equals(cursor);
        }
        if (failure != null && failed == masters.size()) {
            throw failure;
        }
        found.sort(Comparator.comparing(Sentinel::runId));
        return new SentinelScan(
                found, malformed, incomplete, ticker.since(start).toMillis());
    }

    /** One run's stream, counter, sentinel and last event. */
    public synchronized StreamInfo streamInfo(RunId run) {
        return streamInfos(List.of(run)).get(0);
    }

    /** {@link #streamInfo} for many runs, pipelined: a fixed number of round trips whatever the count. */
    public synchronized List<StreamInfo> streamInfos(Collection<RunId> runs) {
        List<RunId> list = List.copyOf(runs);
        try {
            List<String> eventKeys = list.stream().map(RedisKeys::events).toList();
            List<List<Object>> infos = pipelined(eventKeys, (async, key) -> async.xinfoStream(key));
            List<String> seqs = pipelined(list.stream().map(RedisKeys::seq).toList(), (async, key) -> async.get(key));
            List<Long> ttls = pipelined(list.stream().map(RedisKeys::open).toList(), (async, key) -> async.pttl(key));
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
            cmd.xrevrange(RedisKeys.events(run), Range.create("-", "+"), Limit.from(n))
                    .forEach(m -> out.add(0, m.getBody().get("data")));
            return out;
        });
    }

    /**
     * Every connected client of every node (masters and replicas; the one node when standalone),
     * parsed from {@code CLIENT LIST}, each row naming its node. Nodes the cluster flags as failing
     * are skipped.
     *
     * @throws RedisUnavailableException when a node that should answer does not
     */
    public synchronized List<ClientInfo> clients() {
        List<ClientInfo> out = new ArrayList<>();
        for (RedisNode node : session.topology().nodes()) {
            if (node.reachable()) {
                out.addAll(ClientList.parse(session.onNode(node, cmd -> cmd.clientList()), node.address()));
            }
        }
        return out;
    }

    /**
     * Each of the run's keys ({@link RedisKeys#all}) with its {@code TYPE} and {@code PTTL} in ms (-2: missing,
     * -1: no expiry), in key order: what a bug report needs to see of a run's keys, pipelined in one round trip.
     */
    public synchronized Map<String, Map<String, Object>> keyFacts(RunId run) {
        List<String> keys = RedisKeys.all(run);
        try {
            List<String> types = pipelined(keys, (async, key) -> async.type(key));
            List<Long> ttls = pipelined(keys, (async, key) -> async.pttl(key));
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

    /**
     * {@code CLIENT LIST} as Redis prints it, one connection per line (names, addresses, commands;
     * no passwords); on a cluster every reachable node's list under a {@code # node host:port} line.
     */
    public synchronized String clientListText() {
        if (!session.isCluster()) {
            return session.run(cmd -> cmd.clientList());
        }
        StringBuilder out = new StringBuilder();
        for (RedisNode node : session.topology().nodes()) {
            if (node.reachable()) {
                String list = session.onNode(node, cmd -> cmd.clientList());
                out.append("# node ").append(node.address()).append('\n').append(list);
            }
        }
        return out.toString();
    }

    /**
     * Server facts for doctor: version, memory policy, ping, the shared published counter — of the
     * first reachable master (the one node when standalone). On a cluster whose counter's slot is
     * down the counter reads -1.
     */
    public synchronized RedisServerInfo serverInfo() {
        RedisNode node = session.topology().masters().stream()
                .filter(RedisNode::reachable)
                .findFirst()
                .orElseThrow(() -> new RedisUnavailableException(
                        RedisUnavailableException.Reason.UNREACHABLE,
                        "Redis " + session.maskedUrl() + ": no master is reachable",
                        null));
        long published;
        try {
            published = parseLong(session.run(cmd -> cmd.get(RedisKeys.PUBLISHED)));
        } catch (RedisUnavailableException e) {
            if (!session.isCluster()) {
                throw e;
            }
            published = -1; // its slot's master is down (CLUSTERDOWN): the node facts still matter, most of all now
        }
        return infoOf(node, published);
    }

    /**
     * {@link #serverInfo()} of every node (masters and replicas): a node the cluster flags as
     * failing, or that cannot be read, is listed with a short reason instead ("does not answer",
     * "refuses the password", …).
     */
    public synchronized List<NodeInfo> nodeInfos() {
        List<NodeInfo> out = new ArrayList<>();
        for (RedisNode node : session.topology().nodes()) {
            if (!node.reachable()) {
                out.add(new NodeInfo(node, null, "flagged " + (node.failed() ? "fail" : "fail?") + " by the cluster"));
                continue;
            }
            try {
                out.add(new NodeInfo(node, infoOf(node, 0), null));
            } catch (RedisUnavailableException e) {
                out.add(new NodeInfo(
                        node,
                        null,
                        switch (e.reason()) {
                            case AUTH_FAILED -> "refuses the password";
                            case UNREACHABLE -> "does not answer";
                            case TIMEOUT -> "did not answer in time";
                            case ERROR -> e.getMessage();
                        }));
            }
        }
        return out;
    }

    private RedisServerInfo infoOf(RedisNode node, long published) {
        return session.onNode(node, cmd -> {
            long t0 = ticker.nanos();
            cmd.ping();
            double ping = ticker.since(t0).toNanos() / 1e6;
            Map<String, String> server = ClientList.infoFields(cmd.info("server"));
            Map<String, String> memory = ClientList.infoFields(cmd.info("memory"));
            Map<String, String> clients = ClientList.infoFields(cmd.info("clients"));
            Map<String, String> persistence = ClientList.infoFields(cmd.info("persistence"));
            Map<String, String> replication = ClientList.infoFields(cmd.info("replication"));
            return new RedisServerInfo(
                    server.getOrDefault("redis_version", "?"),
                    parseLong(memory.get("maxmemory")),
                    memory.getOrDefault("maxmemory_policy", "?"),
                    parseLong(memory.get("used_memory")),
                    parseLong(clients.get("connected_clients")),
                    ping,
                    published,
                    "1".equals(persistence.get("aof_enabled")),
                    server.containsKey("uptime_in_seconds") ? parseLong(server.get("uptime_in_seconds")) : -1,
                    "slave".equals(replication.get("role"))
                            ? replication.getOrDefault("master_link_status", "?")
                            : null);
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
        RedisFuture<T> call(RedisClusterAsyncCommands<String, String> async, String key);
    }

    /**
     * Sends one command per key on the keyed connection without waiting in between (on a cluster
     * each goes to its slot's node), then collects; a failed reply reads as null.
     */
    private <T> List<T> pipelined(List<String> keys, PipelinedCall<T> call) {
        List<T> out = new ArrayList<>(keys.size());
        if (keys.isEmpty()) {
            return out;
        }
        RedisClusterAsyncCommands<String, String> async = session.keyedAsync();
        List<RedisFuture<T>> futures = new ArrayList<>(keys.size());
        if (session.isCluster()) {
            // Lettuce routes each command to its slot's node, opening node connections on demand: holding
            // the flush would strand commands queued on a connection still being opened, so send each at once
            // (still without waiting for replies in between).
            keys.forEach(key -> futures.add(call.call(async, key)));
        } else {
            StatefulConnection<String, String> c = session.keyed();
            c.setAutoFlushCommands(false);
            try {
                for (String key : keys) {
                    futures.add(call.call(async, key));
                }
                c.flushCommands();
            } finally {
                c.setAutoFlushCommands(true);
            }
        }
        BoundedReplies.Batch pipelined = new BoundedReplies(
                        "Redis",
                        timeout.multipliedBy(2),
                        Ticker.system(),
                        cause -> "Redis " + session.maskedUrl() + " did not answer ("
                                + BoundedReplies.rootMessage(cause) + ")")
                .batch();
        for (int i = 0; i < futures.size(); i++) {
            try {
                out.add(pipelined.await("a pipelined batch of " + keys.size() + " commands", futures.get(i)));
            } catch (BackendUnavailableException e) {
                if (!(e.getCause() instanceof RedisCommandExecutionException)) {
                    throw RedisUnavailableException.of(e);
                }
                out.add(null); // Redis refused the command for this key (e.g. a key of another type): no value
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
