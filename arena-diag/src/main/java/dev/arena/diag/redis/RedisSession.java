package dev.arena.diag.redis;

import dev.arena.config.RedisUrl;
import dev.arena.config.Secrets;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.netty.resolver.DefaultAddressResolverGroup;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One named, bounded Lettuce session for diagnostics, on a standalone Redis or a Redis Cluster:
 * no queueing while disconnected (a diagnostic reports a dead Redis rather than waiting), every
 * command bounded by the timeout, every connection named with {@code CLIENT SETNAME}. Every
 * Lettuce failure is translated into {@link RedisUnavailableException} with the URL masked.
 *
 * <p>On a cluster, commands to a node whose connection is down wait (bounded by the timeout) while
 * Lettuce reconnects or follows the topology, so a console keeps working across a failover.
 *
 * <p>{@link #open} asks the node: a seed list ({@code redis://:pw@h1:7000,h2:7001}) or a node
 * reporting {@code cluster_enabled:1} is used through Lettuce's cluster client (periodic and
 * adaptive topology refresh). Callers see one shape either way: {@link #run} for keyed commands
 * (routed by slot on a cluster), {@link #topology()} for the node set and {@link #onNode} for a
 * command on one node; a standalone Redis is the one-node case. Closing releases the client's
 * threads. Not thread-safe beyond what Lettuce's connections are.
 */
public final class RedisSession implements AutoCloseable {

    /** How often a cluster session re-reads the topology on its own (besides adaptive refresh on MOVED, reconnects). */
    static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(30);

    private final RedisLink link;
    private final ClientResources resources;
    private final String maskedUrl;
    private final boolean cluster;

    private RedisSession(RedisLink link, ClientResources resources, String maskedUrl, boolean cluster) {
        this.link = link;
        this.resources = resources;
        this.maskedUrl = maskedUrl;
        this.cluster = cluster;
    }

    /**
     * Connects and authenticates now; a seed list or a node in cluster mode gives a cluster session.
     *
     * @param clientName e.g. {@code arena-cli@host:pid}
     * @throws RedisUnavailableException when Redis is unreachable or refuses the credentials
     */
    public static RedisSession open(String url, String clientName, Duration timeout) {
        return open(url, clientName, timeout, true);
    }

    /**
     * Connects to the one node {@code url} names, never as a cluster client: for checks that must
     * reach exactly that node (a password verification, node by node).
     *
     * @throws RedisUnavailableException when the node is unreachable or refuses the credentials
     */
    public static RedisSession openNode(String url, String clientName, Duration timeout) {
        return open(url, clientName, timeout, false);
    }

    private static RedisSession open(String url, String clientName, Duration timeout, boolean detect) {
        String masked = RedisUrl.mask(url);
        RedisUrl parsed = RedisUrl.tryParse(url)
                .orElseThrow(() -> new RedisUnavailableException(
                        RedisUnavailableException.Reason.ERROR,
                        "Redis URL " + masked + " does not parse: expected redis://[:password@]host:port/db"
                                + " (a cluster: redis://[:password@]host1:port1,host2:port2)",
                        null));
        if (parsed.isSeedList() && !detect) {
            throw new RedisUnavailableException(
                    RedisUnavailableException.Reason.ERROR,
                    "Redis URL " + masked + " names several nodes where one node is expected",
                    null);
        }
        // A short-lived diagnostic needs one I/O thread, the JDK's resolver (not Netty's DNS stack)
        // and no latency metrics: each of those costs class loading on every CLI start.
        ClientResources resources = DefaultClientResources.builder()
                .ioThreadPoolSize(1)
                .computationThreadPoolSize(1)
                .addressResolverGroup(DefaultAddressResolverGroup.INSTANCE)
                .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                .build();
        try {
            if (parsed.isSeedList()) {
                return cluster(parsed, clientName, timeout, resources, masked);
            }
            RedisURI uri = uri(parsed, clientName, timeout);
            RedisClient client = RedisClient.create(resources, uri);
            client.setOptions(ClientOptions.builder()
                    .autoReconnect(false)
                    .protocolVersion(ProtocolVersion.RESP2)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(
                            SocketOptions.builder().connectTimeout(timeout).build())
                    .timeoutOptions(TimeoutOptions.enabled(timeout))
                    .build());
            StatefulRedisConnection<String, String> c;
            try {
                c = client.connect();
            } catch (RuntimeException e) {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
                throw e;
            }
            String address = parsed.socket() != null ? parsed.socket() : parsed.host() + ":" + parsed.port();
            StandaloneLink standalone = new StandaloneLink(client, c, address);
            boolean clusterMode;
            try {
                c.sync().ping();
                clusterMode = detect
                        && "1"
                                .equals(ClientList.infoFields(c.sync().info("cluster"))
                                        .get("cluster_enabled"));
            } catch (RuntimeException e) {
                standalone.close();
                throw e;
            }
            if (!clusterMode) {
                return new RedisSession(standalone, resources, masked, false);
            }
            standalone.close();
            return cluster(parsed, clientName, timeout, resources, masked);
        } catch (RuntimeException e) {
            resources.shutdown(0, 1, TimeUnit.SECONDS);
            throw translate(e, masked, url);
        }
    }

    private static RedisSession cluster(
            RedisUrl parsed, String clientName, Duration timeout, ClientResources resources, String masked) {
        if (parsed.database() != 0) {
            throw new RedisUnavailableException(
                    RedisUnavailableException.Reason.ERROR,
                    "Redis " + masked + " is a Redis Cluster, which has only database 0: drop /" + parsed.database()
                            + " from the URL",
                    null);
        }
        List<RedisURI> seeds =
                parsed.seeds().stream().map(s -> uri(s, clientName, timeout)).toList();
        RedisClusterClient client = RedisClusterClient.create(resources, seeds);
        // Node connections open on demand and a command may be written while its connection is still
        // being opened: rejecting commands while disconnected would fail those. Every command stays
        // bounded by the timeout, so a dead node is still reported, after at most that long.
        client.setOptions(ClusterClientOptions.builder()
                .protocolVersion(ProtocolVersion.RESP2)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(TOPOLOGY_REFRESH)
                        .enableAllAdaptiveRefreshTriggers()
                        .build())
                .build());
        StatefulRedisClusterConnection<String, String> c;
        try {
            c = client.connect();
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            throw e;
        }
        ClusterLink link = new ClusterLink(client, c);
        try {
            c.sync().ping();
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
        return new RedisSession(link, resources, masked, true);
    }

    private static RedisURI uri(RedisUrl url, String clientName, Duration timeout) {
        RedisURI uri = RedisURI.create(url.text());
        uri.setTimeout(timeout);
        if (clientName != null) {
            uri.setClientName(clientName);
        }
        return uri;
    }

    /** The masked URL this session talks to. */
    public String maskedUrl() {
        return maskedUrl;
    }

    /** True when this session talks to a Redis Cluster. */
    public boolean isCluster() {
        return cluster;
    }

    /** Runs commands on the keyed connection (routed by slot on a cluster), translating failures. */
    public <T> T run(Function<RedisClusterCommands<String, String>, T> work) {
        try {
            return work.apply(link.keyed().sync());
        } catch (RuntimeException e) {
            throw translate(e, maskedUrl, null);
        }
    }

    /**
     * The node set now, as a node sees it: one node when standalone.
     *
     * @throws RedisUnavailableException when no node answers
     */
    public Topology topology() {
        try {
            return link.topology();
        } catch (RuntimeException e) {
            throw translate(e, maskedUrl, null);
        }
    }

    /**
     * Runs commands on {@code node} alone (on a standalone Redis: the one connection), translating
     * failures into a message that names the node.
     */
    public <T> T onNode(RedisNode node, Function<RedisCommands<String, String>, T> work) {
        try {
            return work.apply(link.node(node).sync());
        } catch (RuntimeException e) {
            throw translate(e, cluster ? maskedUrl + " node " + node.address() : maskedUrl, null);
        }
    }

    /** The connection to one node, for pipelined work by this package's inspector. */
    StatefulRedisConnection<String, String> connection(RedisNode node) {
        try {
            return link.node(node);
        } catch (RuntimeException e) {
            throw translate(e, maskedUrl + " node " + node.address(), null);
        }
    }

    /** The keyed connection, for pipelined work by this package's inspector. */
    StatefulConnection<String, String> keyed() {
        return link.keyed().connection();
    }

    /** The keyed asynchronous commands, for pipelined work by this package's inspector. */
    RedisClusterAsyncCommands<String, String> keyedAsync() {
        return link.keyed().async();
    }

    static RedisUnavailableException translate(RuntimeException e, String masked, String rawUrl) {
        if (e instanceof RedisUnavailableException r) {
            return r;
        }
        String text = chainText(e);
        String upper = text.toUpperCase(Locale.ROOT);
        String password = rawUrl == null ? null : RedisUrl.passwordOf(rawUrl);
        if (upper.contains("NOAUTH")
                || upper.contains("WRONGPASS")
                || upper.contains("INVALID PASSWORD")
                || upper.contains("AUTH FAILED")) {
            return new RedisUnavailableException(
                    RedisUnavailableException.Reason.AUTH_FAILED,
                    "Redis " + masked
                            + " refused authentication: check REDIS_PASSWORD / the password in REDIS_URL (or --redis)",
                    null);
        }
        int database = rawUrl == null
                ? 0
                : RedisUrl.tryParse(rawUrl).map(RedisUrl::database).orElse(0);
        if (upper.contains("DB INDEX IS OUT OF RANGE")) {
            return new RedisUnavailableException(
                    RedisUnavailableException.Reason.ERROR,
                    "Redis " + masked + " has no database "
                            + database + " (its `databases` setting allows 0 to that minus 1, 16 by default): fix the /"
                            + database
                            + " in REDIS_URL (or --redis)",
                    null);
        }
        if (upper.contains("SELECT IS NOT ALLOWED IN CLUSTER MODE")) {
            return new RedisUnavailableException(
                    RedisUnavailableException.Reason.ERROR,
                    "Redis " + masked + " is a Redis Cluster, which has only database 0: drop /" + database
                            + " from the URL",
                    null);
        }
        if (e instanceof RedisCommandTimeoutException || upper.contains("TIMEOUT") || upper.contains("TIMED OUT")) {
            return new RedisUnavailableException(
                    RedisUnavailableException.Reason.TIMEOUT, "Redis " + masked + " did not answer in time", null);
        }
        if (e instanceof RedisConnectionException
                || upper.contains("CONNECTION REFUSED")
                || upper.contains("UNABLE TO CONNECT")) {
            return new RedisUnavailableException(
                    RedisUnavailableException.Reason.UNREACHABLE,
                    "Redis " + masked + " unreachable: is redis-server running there? (set REDIS_URL or --redis)",
                    null);
        }
        String shown = Secrets.scrub(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), password);
        return new RedisUnavailableException(
                RedisUnavailableException.Reason.ERROR, "Redis " + masked + ": " + shown, null);
    }

    private static String chainText(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 2000; t = t.getCause()) {
            sb.append(t.getClass().getSimpleName())
                    .append(": ")
                    .append(t.getMessage())
                    .append(" / ");
        }
        return sb.toString();
    }

    @Override
    public void close() {
        try {
            link.close();
        } finally {
            resources.shutdown(0, 1, TimeUnit.SECONDS);
        }
    }
}
