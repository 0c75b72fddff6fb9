package dev.arena.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.broker.redis.RedisStreamsBroker;
import dev.arena.config.ArenaConfig;
import dev.arena.config.BrokerSettings;
import dev.arena.server.ArenaServer;
import dev.arena.testkit.RedisCluster;
import dev.arena.testkit.RedisServer;
import dev.arena.time.Ticker;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Publish→SSE-client latency: an embedded server on each backend, {@code clients} raw SSE
 * clients ({@link NioSseClients}, one selector thread, like {@code curl -N}) on one run, a producer
 * publishing at {@code rate} events/s stamping {@code Ticker.system().nanos()} into each payload; the
 * clients record now − stamp for every event after a 3 s warm-up.
 */
final class LatencyBench {

    static final double P99_TARGET_MS = 10;

    private final int clients;
    private final int rate;
    private final int seconds;

    LatencyBench(int clients, int rate, int seconds) {
        this.clients = clients;
        this.rate = rate;
        this.seconds = seconds;
    }

    /** {@code inprocess}, {@code redis}, {@code both} (those two) or {@code cluster} (one Redis, then a 3-master cluster). */
    boolean run(String backends) throws Exception {
        boolean ok = true;
        if (backends.equals("inprocess") || backends.equals("both")) {
            ok = measure("inprocess", () -> new InProcessEventBroker(BrokerSettings.DEFAULTS, Clock.systemUTC()));
        }
        if (backends.equals("inprocess")) {
            return ok;
        }
        try (RedisServer redis = RedisServer.startNew()) {
            ok &= measure(
                    "redis",
                    () -> RedisStreamsBroker.connect(
                            redis.url(), "arena-bench", BrokerSettings.DEFAULTS, Clock.systemUTC()));
        }
        if (backends.equals("cluster")) {
            try (RedisCluster cluster = RedisCluster.startNew()) {
                ok &= measure(
                        "redis cluster (3 masters)",
                        () -> RedisStreamsBroker.connect(
                                cluster.seedUrl(), "arena-bench", BrokerSettings.DEFAULTS, Clock.systemUTC()));
            }
        }
        return ok;
    }

    private boolean measure(String backend, Supplier<EventBroker> brokers) throws Exception {
        Path dir = Files.createTempDirectory("arena-bench-sse");
        Map<String, String> env = Map.of(
                "ARENA_HTTP_PORT",
                "0",
                "ARENA_DB",
                dir.resolve("bench.duckdb").toString(),
                "ARENA_AUDIT_LOG",
                dir.resolve("audit.jsonl").toString());
        try (EventBroker broker = brokers.get();
                ArenaServer server = ArenaServer.builder(ArenaConfig.from(env))
                        .broker(broker)
                        .sseLinger(Duration.ofNanos(
                                (long) (Double.parseDouble(System.getProperty("arena.sse.linger.ms", "1")) * 1e6)))
                        .build()
                        .start()) {
            RunId run = RunId.random();
            broker.openRun(run, Map.of("bench", "latency")).join();
            long warmupEnd = Ticker.system().nanos() + Duration.ofSeconds(3).toNanos();
            StampScanner scanner = new StampScanner(clients, rate * (seconds + 4) * clients, warmupEnd);
            try (NioSseClients sockets = new NioSseClients(server.port(), run.value(), clients, scanner)) {
                sockets.connectAll();
                long deadline = Ticker.system().nanos() + 60_000_000_000L;
                while (broker.run(run).orElseThrow().subscribers() < clients
                        && Ticker.system().nanos() < deadline) {
                    sockets.pump(20);
                }
                Publisher publisher = new Publisher(broker, run);
                publisher.start();
                while (Ticker.system().nanos() < warmupEnd) {
                    sockets.pump(50);
                }
                long cpu0 = processCpu();
                long clientCpu0 = THREADS.getCurrentThreadCpuTime();
                long delivered0 = scanner.delivered();
                long stopAt =
                        Ticker.system().nanos() + Duration.ofSeconds(seconds).toNanos();
                while (Ticker.system().nanos() < stopAt) {
                    sockets.pump(50);
                }
                double serverCpuPerEventUs = ((processCpu() - cpu0) - (THREADS.getCurrentThreadCpuTime() - clientCpu0))
                        / 1e3
                        / Math.max(1, scanner.delivered() - delivered0);
                long published = publisher.stop();
                broker.closeRun(run, RunOutcome.COMPLETE, Map.of()).join();
                long endDeadline = Ticker.system().nanos() + 60_000_000_000L;
                while (scanner.ended() < clients && Ticker.system().nanos() < endDeadline) {
                    sockets.pump(50);
                }
                long[] all = scanner.sortedSamples();
                long delivered = scanner.delivered();
                double p50 = pct(all, 0.50);
                double p99 = pct(all, 0.99);
                double p999 = pct(all, 0.999);
                double max = all.length == 0 ? Double.NaN : all[all.length - 1] / 1e6;
                boolean ok = scanner.ended() == clients && p99 < P99_TARGET_MS && delivered == published * clients;
                System.out.printf(
                        Locale.ROOT,
                        "publish->SSE latency [%s]: %d clients, %d ev/s for %d s (after a 3 s warm-up): "
                                + "p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.1f ms; %,d samples; delivered %,d of %,d "
                                + "(target p99 < %.0f ms) %s; server+producer CPU %.2f µs per delivered event, load avg %.1f%n",
                        backend,
                        clients,
                        rate,
                        seconds,
                        p50,
                        p99,
                        p999,
                        max,
                        all.length,
                        delivered,
                        published * clients,
                        P99_TARGET_MS,
                        ok ? "OK" : "MISSED",
                        serverCpuPerEventUs,
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                return ok;
            }
        }
    }

    /** Publishes at the target rate in 1 ms ticks on its own thread. */
    private final class Publisher {
        private final EventBroker broker;
        private final RunId run;
        private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        private final AtomicLong count = new AtomicLong();

        Publisher(EventBroker broker, RunId run) {
            this.broker = broker;
            this.run = run;
        }

        void start() {
            long start = Ticker.system().nanos();
            ticker.scheduleAtFixedRate(
                    () -> {
                        long due = (Ticker.system().nanos() - start) * rate / 1_000_000_000L;
                        while (count.get() < due) {
                            broker.publish(
                                    run,
                                    Event.of(
                                            "agent.signal",
                                            Map.of("t", Ticker.system().nanos())));
                            count.incrementAndGet();
                        }
                    },
                    0,
                    1,
                    TimeUnit.MILLISECONDS);
        }

        long stop() throws InterruptedException {
            ticker.shutdown();
            ticker.awaitTermination(10, TimeUnit.SECONDS);
            broker.flush(Duration.ofSeconds(10));
            return count.get();
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** CPU time of the whole JVM (server, producer and the client selector thread), ns. */
    private static long processCpu() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
