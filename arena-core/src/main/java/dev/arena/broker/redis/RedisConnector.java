package dev.arena.broker.redis;

import dev.arena.broker.BrokerException;
import dev.arena.config.RedisUrl;
import dev.arena.config.Secrets;
import dev.arena.error.ArenaException;
import dev.arena.error.BackendUnavailableException;
import dev.arena.reply.BoundedReplies;
import dev.arena.time.Ticker;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Opens the broker's named connections to one Redis or a Redis Cluster and turns every connection
 * or authentication failure into a {@link BackendUnavailableException} with the URL masked and what to check.
 * The clients share one set of I/O threads: the shared connection reconnects by itself (its
 * commands are reads and idempotent deletes), while the publisher and tailer connections never
 * reconnect on their own — their owners do, so Lettuce never replays a publish behind their back.
 * While disconnected, commands are rejected at once rather than buffered, so callers fail fast.
 *
 * <p>Cluster mode is detected, not configured: a seed list ({@code redis://:pw@h1:7000,h2:7001})
 * or a node answering {@code cluster_enabled:1} to {@code INFO cluster} makes the shared
 * connection a Lettuce cluster connection (keyed commands routed by slot, topology refreshed
 * every {@value #TOPOLOGY_REFRESH_SECONDS} s and on every redirect or reconnect) and gives
 * {@link #node} connections to single nodes of the current topology ({@link #topology}).
 */
final class RedisConnector implements AutoCloseable {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    static final int TOPOLOGY_REFRESH_SECONDS = 2;
    /** How long a built {@link RedisTopology} is reused: the publisher asks for it every cycle. */
    private static final long TOPOLOGY_CACHE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final String maskedUrl;
    private final String password;
    private final String clientName;
    /** The database the URL names (SELECTed on connect; a cluster has only 0). */
    private final int database;

    private final RedisURI uri;
    private final List<RedisURI> seeds;
    private final ClientResources resources;
    private final RedisClient sharedClient;
    private final RedisClient manualClient;
    /** Non-null on a Redis Cluster: the topology and the shared, slot-routed connection come from it. */
    private final RedisClusterClient clusterClient;

    private final Ticker ticker;
    /** The last topology built from the client's partitions, and when (ticker nanos); rebuilt at most every 250 ms. */
    private volatile RedisTopology topology;

    private volatile long topologyAt;
    /** Why the shared connection's last reconnect failed (scrubbed), until a connection comes up again. */
    private volatile String lastReconnectFailure;

    RedisConnector(String url, String clientName, Ticker ticker) {
        this.ticker = ticker;
        if (url == null || url.isBlank()) {
            throw new BrokerException(
                    "no Redis URL given: set REDIS_URL (redis://[:password@]host:port/db) or REDIS_PASSWORD");
        }
        if (clientName == null || clientName.isBlank() || clientName.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException(
                    "client name must be non-empty without spaces, e.g. arena-cli@host:1234; got '" + clientName + "'");
        }
        this.maskedUrl = RedisUrl.mask(url);
        this.clientName = clientName;
        this.password = RedisUrl.passwordOf(url); // only used to scrub messages
        List<RedisURI> parsed = new ArrayList<>();
        try {
            for (RedisUrl seed : RedisUrl.parse(url).seeds()) {
                RedisURI one = RedisURI.create(seed.text());
                one.setTimeout(COMMAND_TIMEOUT);
                parsed.add(one);
            }
        } catch (RuntimeException e) {
            throw new BrokerException(
                    "REDIS_URL " + maskedUrl + " is not a usable Redis URL ("
                            + e.getClass().getSimpleName()
                            + "); expected redis://[:password@]host:port/db or a cluster's seed list redis://[:password@]h1:p1,h2:p2");
        }
        this.database = RedisUrl.parse(url).database();
        if (parsed.size() > 1 && database != 0) {
            throw clusterHasOnlyDatabaseZero();
        }
        this.seeds = List.copyOf(parsed);
        this.uri = seeds.get(0);
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(
                        Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        this.sharedClient = RedisClient.create(resources);
        this.sharedClient.setOptions(options(true));
        this.manualClient = RedisClient.create(resources);
        this.manualClient.setOptions(options(false));
        try {
            this.clusterClient = RedisUrl.parse(url).isSeedList() || clusterEnabled() ? clusterClient() : null;
        } catch (RuntimeException e) {
            sharedClient.shutdown(0, 2, TimeUnit.SECONDS);
            manualClient.shutdown(0, 2, TimeUnit.SECONDS);
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw e;
        }
        // While the shared connection is down its commands are rejected with "not connected": the
        // reconnect attempts are where Redis says why (e.g. WRONGPASS after a password change).
        this.resources.eventBus().get().subscribe(event -> {
            if (event instanceof ReconnectFailedEvent failed) {
                lastReconnectFailure = rootMessage(failed.getCause());
            } else if (event instanceof ConnectionActivatedEvent) {
                lastReconnectFailure = null;
            }
        });
    }

    private static ClientOptions options(boolean autoReconnect) {
        return ClientOptions.builder()
                .protocolVersion(ProtocolVersion.RESP2)
                .autoReconnect(autoReconnect)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(CONNECT_TIMEOUT)
                        .keepAlive(true)
                        .build())
                .timeoutOptions(TimeoutOptions.builder()
                        .timeoutSource(new CommandTimeouts())
                        .build())
                .build();
    }

    /**
     * {@code COMMAND_TIMEOUT} for every command except a direct append's (one per event), whose
     * waits the publisher bounds itself: a timer entry per event would cost more than the event.
     */
    private static final class CommandTimeouts extends TimeoutOptions.TimeoutSource {
        @Override
        public long getTimeout(RedisCommand<?, ?, ?> command) {
            return DirectAppend.isDirect(command) ? 0 : COMMAND_TIMEOUT.toNanos();
        }

        @Override
        public TimeUnit getTimeUnit() {
            return TimeUnit.NANOSECONDS;
        }
    }

    /** Asks the first seed that answers whether it runs in cluster mode. */
    private boolean clusterEnabled() {
        RuntimeException last = null;
        for (RedisURI seed : seeds) {
            try (StatefulRedisConnection<String, String> c = manualClient.connect(named(seed, "/probe"))) {
                return c.sync().info("cluster").contains("cluster_enabled:1");
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw failure(last);
    }

    private RedisClusterClient clusterClient() {
        List<RedisURI> named = seeds.stream().map(s -> named(s, "")).toList();
        RedisClusterClient client = RedisClusterClient.create(resources, named);
        client.setOptions(ClusterClientOptions.builder()
                .protocolVersion(ProtocolVersion.RESP2)
                .autoReconnect(true)
                // Node connections open lazily on a node's first command (and anew after a failover):
                // rejecting while one connects would fail ordinary reads, so they wait, bounded by
                // the command timeout.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(CONNECT_TIMEOUT)
                        .keepAlive(true)
                        .build())
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .nodeFilter(
                        node -> !node.is(RedisClusterNode.NodeFlag.FAIL) && !node.is(RedisClusterNode.NodeFlag.NOADDR))
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(Duration.ofSeconds(TOPOLOGY_REFRESH_SECONDS))
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(Duration.ofMillis(500))
                        .build())
                .build());
        try {
            client.getPartitions(); // loads the topology now, so a bad seed list fails here
        } catch (RuntimeException e) {
            client.shutdown(0, 2, TimeUnit.SECONDS);
            throw failure(e);
        }
        return client;
    }

    /** True on a Redis Cluster. */
    boolean isCluster() {
        return clusterClient != null;
    }

    /**
     * The cluster's nodes as the client last saw them (refreshed periodically and on redirects);
     * on one Redis, that one node as a master owning every slot.
     */
    RedisTopology topology() {
        RedisTopology known = topology;
        long now = ticker.nanos();
        if (known != null && now - topologyAt < TOPOLOGY_CACHE_NANOS) {
            return known;
        }
        known = clusterClient == null
                ? RedisTopology.standalone(uri.getHost(), uri.getPort())
                : RedisTopology.of(clusterClient.getPartitions());
        topology = known;
        topologyAt = now;
        return known;
    }

    /** Asks the cluster for its topology now (after a redirect or a failed node). */
    void refreshTopology() {
        if (clusterClient != null) {
            clusterClient.refreshPartitions();
            topology = null;
        }
    }

    /** The URL with its password masked, for every message and log line. */
    String maskedUrl() {
        return maskedUrl;
    }

    String clientName() {
        return clientName;
    }

    /** The shared, auto-reconnecting connection named {@code clientName}; slot-routed on a cluster. */
    RedisLink shared() {
        try {
            if (clusterClient != null) {
                StatefulRedisClusterConnection<String, String> c = clusterClient.connect();
                return new RedisLink(c, c.async());
            }
            StatefulRedisConnection<String, String> c = sharedClient.connect(named(uri, ""));
            return new RedisLink(c, c.async());
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    /** A connection to one Redis that fails instead of reconnecting, named {@code clientName + suffix}. */
    StatefulRedisConnection<String, String> dedicated(String suffix) {
        if (clusterClient != null) {
            throw new IllegalStateException("on a Redis Cluster, open node connections with node(host, port, suffix)");
        }
        return connect(manualClient, named(uri, suffix));
    }

    /** A connection to one node (of the cluster, or the one Redis) that fails instead of reconnecting. */
    StatefulRedisConnection<String, String> node(RedisTopology.Node node, String suffix) {
        RedisURI one = RedisURI.builder(uri)
                .withHost(node.host())
                .withPort(node.port())
                .withClientName(clientName + suffix)
                .build();
        return connect(manualClient, one);
    }

    /** A pub/sub connection to one node that fails instead of reconnecting. */
    StatefulRedisPubSubConnection<String, String> nodePubSub(RedisTopology.Node node, String suffix) {
        RedisURI one = RedisURI.builder(uri)
                .withHost(node.host())
                .withPort(node.port())
                .withClientName(clientName + suffix)
                .build();
        try {
            return manualClient.connectPubSub(one);
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    private RedisURI named(RedisURI base, String suffix) {
        return RedisURI.builder(base).withClientName(clientName + suffix).build();
    }

    private StatefulRedisConnection<String, String> connect(RedisClient client, RedisURI named) {
        try {
            return client.connect(named);
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    /**
     * Bounded waits for this connection's replies, each at most {@link #COMMAND_TIMEOUT}; a failure
     * explained as {@link #failure} does (URL masked, what to check).
     */
    BoundedReplies replies() {
        return new BoundedReplies("Redis", COMMAND_TIMEOUT, Ticker.system(), cause -> failure(cause)
                .getMessage());
    }

    /** Why Redis could not be used, URL masked, secret scrubbed, with what to check. */
    ArenaException failure(Throwable e) {
        String detail = rootMessage(e);
        String reconnect = lastReconnectFailure;
        if (!refusedPassword(detail) && reconnect != null && refusedPassword(reconnect)) {
            detail = reconnect.replaceAll("[.\\s]+$", "") + "; the connection cannot come back";
        }
        if (refusedPassword(detail)) {
            return new BackendUnavailableException(
                    "Redis",
                    "Redis at " + maskedUrl + " refused authentication (" + detail
                            + "): Redis refused the password: check REDIS_URL/REDIS_PASSWORD against the server's requirepass/ACL,"
                            + " see runbooks/redis-operations.md",
                    e);
        }
        if (detail.contains("DB index is out of range")) {
            return new BrokerException("Redis at " + maskedUrl + " has no database " + database + " (" + detail
                    + "): it has" + " databases 0 to its `databases` setting minus 1 (16 by default): fix the /"
                    + database + " in REDIS_URL");
        }
        if (detail.contains("SELECT is not allowed in cluster mode")) {
            return clusterHasOnlyDatabaseZero();
        }
        if (clusterClient != null) {
            return new BackendUnavailableException(
                    "Redis",
                    "cannot reach a node of the Redis Cluster at " + maskedUrl + " (" + detail
                            + "); expected for a few seconds while a failed master is failed over (see /health's topology);"
                            + " otherwise check REDIS_URL and that the nodes are running",
                    e);
        }
        return new BackendUnavailableException(
                "Redis",
                "cannot reach Redis at " + maskedUrl + " (" + detail
                        + "); check REDIS_URL (or REDIS_PASSWORD, which implies localhost:6379) and that redis-server is running",
                e);
    }

    private BrokerException clusterHasOnlyDatabaseZero() {
        return new BrokerException("Redis at " + maskedUrl
                + " is a Redis Cluster, and a cluster has only database 0: drop the /" + database + " from REDIS_URL");
    }

    private static boolean refusedPassword(String detail) {
        String lower = detail.toLowerCase(Locale.ROOT);
        return lower.contains("wrongpass")
                || lower.contains("noauth")
                || lower.contains("invalid password")
                || lower.contains("auth") && lower.contains("without any password");
    }

    private String rootMessage(Throwable e) {
        Throwable t = e;
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return scrub(message, password);
    }

    private static String scrub(String text, String secret) {
        return Secrets.scrub(String.valueOf(text), secret);
    }

    @Override
    public void close() {
        if (clusterClient != null) {
            clusterClient.shutdown(0, 2, TimeUnit.SECONDS);
        }
        sharedClient.shutdown(0, 2, TimeUnit.SECONDS);
        manualClient.shutdown(0, 2, TimeUnit.SECONDS);
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
