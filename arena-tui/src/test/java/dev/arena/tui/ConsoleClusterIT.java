package dev.arena.tui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.googlecode.lanterna.input.KeyType;
import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.RunId;
import dev.arena.broker.redis.RedisKeys;
import dev.arena.config.ArenaConfig;
import dev.arena.diag.DiagContext;
import dev.arena.diag.action.PasswordCheck;
import dev.arena.diag.redis.RedisSession;
import dev.arena.testkit.ClusterNode;
import dev.arena.testkit.MutableClock;
import dev.arena.testkit.RedisCluster;
import dev.arena.testkit.VirtualConsole;
import io.lettuce.core.RedisURI;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console on a real Redis Cluster (3 masters, password) with no server: the header shows the
 * cluster's topology line, open runs whose keys live on different masters are all listed, the
 * stream panel reads a run from its own master, and the rotation wizard rotates every node.
 */
class ConsoleClusterIT {

    private static final String OLD_PASSWORD = "old-cluster-secret-1234";

    @TempDir
    Path dir;

    private RedisCluster cluster;
    private VirtualConsole screen;
    private OpenConsole opened;

    @BeforeEach
    void start() {
        cluster = RedisCluster.builder().masters(3).password(OLD_PASSWORD).start();
    }

    @AfterEach
    void stop() {
        if (opened != null) {
            opened.close();
        }
        cluster.close();
    }

    /** One open run per master, written with the broker's key schema (events 1..5, counter, sentinel). */
    private List<RunId> runOnEveryMaster() {
        List<RunId> runs = new ArrayList<>();
        RedisClusterClient client = RedisClusterClient.create(
                cluster.seedUris().stream().map(RedisURI::create).toList());
        try (StatefulRedisClusterConnection<String, String> c = client.connect()) {
            RedisClusterCommands<String, String> r = c.sync();
            for (ClusterNode master : cluster.masters()) {
                RunId run;
                do {
                    run = RunId.random();
                } while (cluster.nodeForKey(RedisKeys.open(run)).port() != master.port());
                for (int seq = 1; seq <= 5; seq++) {
                    String data = Envelope.of(run, seq, Event.of("decision.emit", Map.of("i", seq)), Instant.now())
                            .toJson();
                    r.xadd(RedisKeys.events(run), new XAddArgs().id(seq + "-0"), Map.of("data", data));
                }
                r.set(RedisKeys.seq(run), "5");
                r.setex(RedisKeys.open(run), 21600, "1");
                runs.add(run);
            }
        } finally {
            client.shutdown();
        }
        return runs;
    }

    @Test
    void headerShowsTheTopology_runsOfEveryMasterListed_streamRead_andRotationCoversEveryNode() throws Exception {
        List<RunId> runs = runOnEveryMaster();
        Map<String, String> env = new HashMap<>();
        env.put("ARENA_BROKER_BACKEND", "redis");
        env.put(
                "REDIS_URL",
                "redis://:" + OLD_PASSWORD + "@"
                        + cluster.masters().stream()
                                .map(n -> n.host() + ":" + n.port())
                                .collect(Collectors.joining(",")));
        env.put("ARENA_SERVER_URL", "http://127.0.0.1:9");
        env.put("ARENA_AUDIT_LOG", dir.resolve("audit.jsonl").toString());
        ArenaConfig config = ArenaConfig.from(env);
        Path envFile = dir.resolve(".env");
        Files.writeString(envFile, "REDIS_PASSWORD=" + OLD_PASSWORD + "\n");

        DiagContext context = DiagContext.from(config, null, null, false).withTimeout(Duration.ofSeconds(2));
        MutableClock clock = MutableClock.startingNow();
        screen = new VirtualConsole(160, 40);
        ManualPacing pacing = new ManualPacing();
        opened = OpenConsole.onRedisInWriteMode(screen, context, clock, envFile, pacing);
        pacing.refresh();
        screen.awaitText("redis cluster: 3 masters, 0 replicas, cluster_state ok");
        screen.awaitText(runs.stream().map(RunId::prefix).toArray(String[]::new));
        pacing.refresh(); // the stream panel follows the first run listed
        screen.awaitText("decision.emit", "healthy");
        assertThat(screen.text()).doesNotContain(OLD_PASSWORD);

        screen.type("p");
        screen.awaitText("Step 1/2", "Type rotate to confirm:");
        OpenConsole.confirmRotation(screen);
        screen.press(KeyType.Enter);
        screen.awaitText("Step 2/2", "Type rotate to confirm:");
        OpenConsole.confirmRotation(screen);
        String newPassword = Files.readString(envFile).strip().replace("REDIS_PASSWORD=", "");
        assertThat(newPassword).isNotEqualTo(OLD_PASSWORD);
        assertThat(screen.text()).doesNotContain(OLD_PASSWORD).doesNotContain(newPassword);
        await().atMost(10, TimeUnit.SECONDS)
                .untilAsserted(() ->
                        assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("rotate-password-finish"));
        String audit = Files.readString(dir.resolve("audit.jsonl"));
        assertThat(audit).contains("on every node").doesNotContain(OLD_PASSWORD).doesNotContain(newPassword);
        for (ClusterNode node : cluster.nodes()) {
            String url = "redis://:%s@" + node.host() + ":" + node.port();
            try (RedisSession s =
                    RedisSession.openNode(url.formatted(newPassword), "arena-test@check", Duration.ofSeconds(2))) {
                String pong = s.run(c -> c.ping());
                assertThat(pong).as("new password on " + node).isEqualTo("PONG");
            }
            assertThat(PasswordCheck.freshConnection("arena-test@check", Duration.ofSeconds(2))
                            .accepts(url.formatted(OLD_PASSWORD)))
                    .as("old password gone from " + node)
                    .isFalse();
        }
    }
}
