package dev.arena.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.redis.RedisStreamsBroker;
import dev.arena.config.BrokerSettings;
import dev.arena.testkit.ClusterNode;
import dev.arena.testkit.RedisCluster;
import dev.arena.testkit.RedisServer;
import dev.arena.time.Ticker;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One Redis against a three-master Redis Cluster, side by side in one run: publish throughput of
 * one producer spreading ~250-byte events over {@code runs} runs (so the cluster's runs land on
 * every master), and CPU time per event for this JVM and for the redis-servers summed
 * ({@code INFO cpu} of every node). Rounds alternate between the two targets so both see the same
 * machine; the figure per target is the median of the timed rounds. The cluster target is
 * expected within 1.3x of one Redis in CPU per event on two cores (docs/benchmarks.md).
 *
 * <p>Usage: {@code ClusterBench [--events N] [--rounds N] [--runs N]} (defaults 600,000, 5, 30).
 * Exit code 0 when the cluster's CPU per event is within 1.3x of one Redis's, 1 otherwise.
 */
public final class ClusterBench {

    static final double CPU_RATIO_TARGET = 1.3;

    private final int events;
    private final int rounds;
    private final int runs;
    private final List<Event> samples = new ArrayList<>();

    private ClusterBench(int events, int rounds, int runs) {
        this.events = events;
        this.rounds = rounds;
        this.runs = runs;
        for (int i = 0; i < 1024; i++) {
            samples.add(Event.of(
                            "agent.signal",
                            Map.of("agent", "agent-" + (i % 8), "step", i, "text", "x".repeat(40 + i % 16)))
                    .withPhase("analysis"));
        }
    }

    public static void main(String[] args) throws Exception {
        int events = 600_000;
        int rounds = 5;
        int runs = 30;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                default ->
                    throw new IllegalArgumentException(
                            "unknown option " + args[i] + "; use --events N --rounds N --runs N");
            }
        }
        System.exit(new ClusterBench(events, rounds, runs).run() ? 0 : 1);
    }

    /** One measured target: where it is, the redis-servers whose CPU counts, and its rounds. */
    private static final class Target {
        final String name;
        final String url;
        final List<String> nodeUrls;
        final List<double[]> rounds = new ArrayList<>(); // {events/s, JVM us/event, Redis us/event}

        Target(String name, String url, List<String> nodeUrls) {
            this.name = name;
            this.url = url;
            this.nodeUrls = nodeUrls;
        }

        double median(int column) {
            return rounds.stream().mapToDouble(r -> r[column]).sorted().toArray()[rounds.size() / 2];
        }
    }

    private boolean run() throws Exception {
        System.out.printf(
                Locale.ROOT,
                "ClusterBench: %,d events per round over %d runs, %d timed rounds per target (alternating), %d cores, Java %s, load %s%n",
                events,
                runs,
                rounds,
                Runtime.getRuntime().availableProcessors(),
                Runtime.version(),
                loadAverage());
        try (RedisServer single = RedisServer.startNew();
                RedisCluster cluster = RedisCluster.startNew()) {
            Target one = new Target("one Redis", single.url(), List.of(single.url()));
            Target three = new Target(
                    "Redis Cluster, 3 masters",
                    cluster.seedUrl(),
                    cluster.nodes().stream().map(ClusterNode::uri).toList());
            for (Target t : List.of(one, three)) {
                round(t, Math.max(50_000, events / 4), false); // warm-up
            }
            for (int r = 0; r < rounds; r++) {
                for (Target t : List.of(one, three)) {
                    round(t, events, true);
                }
            }
            for (Target t : List.of(one, three)) {
                System.out.printf(
                        Locale.ROOT,
                        "%-26s %,10.0f ev/s   CPU per event: JVM %.2f us, redis-server(s) %.2f us, total %.2f us%n",
                        t.name,
                        t.median(0),
                        t.median(1),
                        t.median(2),
                        t.median(1) + t.median(2));
            }
            double ratio = (three.median(1) + three.median(2)) / (one.median(1) + one.median(2));
            System.out.printf(
                    Locale.ROOT,
                    "ratio cluster / one Redis: throughput %.2f, CPU per event %.2f (target <= %.1f); load when done %s%n",
                    three.median(0) / one.median(0),
                    ratio,
                    CPU_RATIO_TARGET,
                    loadAverage());
            return ratio <= CPU_RATIO_TARGET;
        }
    }

    private void round(Target t, int n, boolean timed) throws Exception {
        try (EventBroker broker =
                RedisStreamsBroker.connect(t.url, "arena-bench", BrokerSettings.DEFAULTS, Clock.systemUTC())) {
            List<RunId> ids = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                RunId run = RunId.random();
                broker.openRun(run, Map.of("bench", true)).get(10, TimeUnit.SECONDS);
                ids.add(run);
            }
            double redisBefore = redisCpuSeconds(t.nodeUrls);
            long jvmBefore = jvmCpuNanos();
            long start = Ticker.system().nanos();
            CompletableFuture<Long> last = null;
            for (int i = 0; i < n; i++) {
                last = broker.publish(ids.get(i % runs), samples.get(i & 1023));
            }
            broker.flush(Duration.ofSeconds(120));
            last.get(60, TimeUnit.SECONDS);
            long elapsed = Ticker.system().nanos() - start;
            double jvmUs = (jvmCpuNanos() - jvmBefore) / 1e3 / n;
            double redisUs = (redisCpuSeconds(t.nodeUrls) - redisBefore) * 1e6 / n;
            if (timed) {
                t.rounds.add(new double[] {n / (elapsed / 1e9), jvmUs, redisUs});
            }
        }
    }

    private static double redisCpuSeconds(List<String> urls) {
        double total = 0;
        for (String url : urls) {
            RedisClient client = RedisClient.create(url);
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                for (String line : c.sync().info("cpu").split("\\r?\\n")) {
                    if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
                        total += Double.parseDouble(
                                line.substring(line.indexOf(':') + 1).trim());
                    }
                }
            } finally {
                client.shutdown();
            }
        }
        return total;
    }

    private static long jvmCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
