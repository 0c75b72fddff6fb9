package dev.arena.diag.support;

import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.RunId;
import dev.arena.broker.redis.RedisKeys;
import dev.arena.testkit.ChildProcess;
import dev.arena.testkit.RedisCluster;
import dev.arena.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes broker state straight into a test Redis or Redis Cluster with the key schema of docs/design.md, "Redis keys" (the diag
 * module must not depend on the broker's Redis backend): runs with events, sentinels, and (standalone) bulk sentinels through
 * {@code redis-cli --pipe}. On a cluster every key goes to its slot's master (a run's keys share its {@code {id}} hash tag).
 */
public final class RedisState implements AutoCloseable {

    private final RedisServer server;
    private final RedisClusterCommands<String, String> commands;
    private final Runnable closer;

    public RedisState(RedisServer server) {
        this.server = server;
        RedisClient client = RedisClient.create(server.url());
        StatefulRedisConnection<String, String> connection = client.connect();
        this.commands = connection.sync();
        this.closer = () -> {
            connection.close();
            client.shutdown();
        };
    }

    private RedisState(RedisCluster cluster) {
        this.server = null;
        RedisClusterClient client = RedisClusterClient.create(
                cluster.seedUris().stream().map(RedisURI::create).toList());
        StatefulRedisClusterConnection<String, String> connection = client.connect();
        this.commands = connection.sync();
        this.closer = () -> {
            connection.close();
            client.shutdown();
        };
    }

    /** State written through a cluster client: each key reaches the master serving its slot. */
    public static RedisState onCluster(RedisCluster cluster) {
        return new RedisState(cluster);
    }

    public RedisClusterCommands<String, String> redis() {
        return commands;
    }

    /**
     * A run with events {@code 1..lastSeq}, the last one stamped {@code lastTs}.
     *
     * @param lastKind kind of the last event (e.g. {@code run.complete}); earlier ones are agent.signal
     * @param sentinel whether the producer-alive sentinel exists
     */
    public void writeRun(RunId run, int lastSeq, String lastKind, Instant lastTs, boolean sentinel) {
        RedisClusterCommands<String, String> r = redis();
        for (int seq = 1; seq <= lastSeq; seq++) {
            String kind = seq == 1 ? "run.start" : seq == lastSeq ? lastKind : "agent.signal";
            append(run, seq, kind, seq == lastSeq ? lastTs : lastTs.minusSeconds(lastSeq - seq));
        }
        r.set(RedisKeys.seq(run), Integer.toString(lastSeq));
        if (sentinel) {
            r.setex(RedisKeys.open(run), 21600, "1");
        }
    }

    /** Appends one event with id {@code <seq>-0} and field {@code data}. */
    public void append(RunId run, long seq, String kind, Instant ts) {
        String data =
                Envelope.of(run, seq, Event.of(kind, Map.of("n", seq)), ts).toJson();
        redis().xadd(RedisKeys.events(run), new XAddArgs().id(seq + "-0"), Map.of("data", data));
        redis().set(RedisKeys.seq(run), Long.toString(seq));
    }

    /** Writes {@code count} sentinels with one pipelined {@code redis-cli --pipe}; returns their run ids. */
    public List<RunId> bulkSentinels(int count, Path tmp) throws IOException, InterruptedException {
        if (server == null) {
            throw new IllegalStateException(
                    "bulkSentinels pipes to one redis-server; on a cluster write runs with writeRun");
        }
        List<RunId> runs = new ArrayList<>(count);
        StringBuilder resp = new StringBuilder(count * 90);
        for (int i = 0; i < count; i++) {
            RunId run = RunId.random();
            runs.add(run);
            String key = RedisKeys.open(run);
            resp.append("*5\r\n$3\r\nSET\r\n$")
                    .append(key.length())
                    .append("\r\n")
                    .append(key)
                    .append("\r\n$1\r\n1\r\n$2\r\nEX\r\n$5\r\n21600\r\n");
        }
        Path file = Files.createTempFile(tmp, "sentinels", ".resp");
        Files.writeString(file, resp, StandardCharsets.US_ASCII);
        List<String> cmd = new ArrayList<>(
                List.of("redis-cli", "-h", server.host(), "-p", Integer.toString(server.port()), "--pipe"));
        if (server.password() != null) {
            cmd.addAll(List.of("-a", server.password(), "--no-auth-warning"));
        }
        try (ChildProcess p =
                ChildProcess.command(cmd).stdin(file).mergeStderr().start()) {
            if (p.awaitExit(Duration.ofSeconds(60)) != 0) {
                throw new IllegalStateException("redis-cli --pipe failed: " + p.stdout());
            }
        }
        return runs;
    }

    @Override
    public void close() {
        closer.run();
    }
}
