package dev.arena.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.arena.auth.TokenMinter;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Publish→reader latency: an embedded server on each backend, {@code clients} readers on one run —
 * raw SSE clients ({@link NioSseClients}, one selector thread, like {@code curl -N}) or WebSocket
 * clients ({@link WsClients}, Jetty's) — a producer publishing at {@code rate} events/s stamping
 * {@code Ticker.system().nanos()} into each payload; the readers record now − stamp for every event
 * after a 3 s warm-up. Each backend measures every transport, with and without reader tokens as
 * asked, one after the other on the same machine, {@code rounds} times (the order rotating), and
 * prints the ratios of the medians: WebSocket / SSE, and tokens / none.
 */
final class LatencyBench {

    static final double P99_TARGET_MS = 10;

    /** Reader tokens may cost at most 5% more CPU per delivered event (checked per connection, not per event). */
    static final double AUTH_CPU_RATIO_TARGET = 1.05;

    /** The HS256 secret of the runs with reader tokens (the server's {@code ARENA_AUTH_JWT_SECRET}). */
    private static final String SECRET = "arena-bench-reader-token-secret-0123456789";

    private final int clients;
    private final int rate;
    private final int seconds;
    private final List<String> transports;
    private final List<Boolean> auths;
    private final int rounds;
    private final int warmup;
    private final int jvmWarmup;
    private boolean jvmWarmedUp;

    /**
     * @param transports {@code sse}, {@code ws} or {@code both}
     * @param auth       {@code off}, {@code on} (a token on every reader) or {@code both}
     */
    LatencyBench(
            int clients,
            int rate,
            int seconds,
            String transports,
            String auth,
            int rounds,
            String wsClient,
            int warmup,
            int jvmWarmup) {
        this.clients = clients;
        this.jvmWarmup = jvmWarmup;
        this.warmup = warmup;
        this.rate = rate;
        this.seconds = seconds;
        List<String> ws =
                switch (wsClient) {
                    case "nio" -> List.of("ws");
                    case "jetty" -> List.of(WS_JETTY);
                    case "both" -> List.of("ws", WS_JETTY);
                    default -> throw new IllegalArgumentException("--ws-client nio|jetty|both, got " + wsClient);
                };
        this.transports = switch (transports) {
            case "sse" -> List.of("sse");
            case "ws" -> ws;
            case "both" -> concat(List.of("sse"), ws);
            default -> throw new IllegalArgumentException("--transport sse|ws|both, got " + transports);
        };
        this.auths = switch (auth) {
            case "off" -> List.of(false);
            case "on" -> List.of(true);
            case "both" -> List.of(false, true);
            default -> throw new IllegalArgumentException("--auth off|on|both, got " + auth);
        };
        this.rounds = rounds;
    }

    /**
     * WebSocket read by Jetty's own client ({@link WsClients}, 4 threads) instead of {@link NioWsClients}: heavier per
     * event, so on two cores it takes CPU from the server it measures; kept to compare the two.
     */
    static final String WS_JETTY = "ws-jetty";

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    /** {@code inprocess}, {@code redis}, {@code both} (those two) or {@code cluster} (one Redis, then a 3-master cluster). */
    boolean run(String backends) throws Exception {
        boolean ok = true;
        if (backends.equals("inprocess") || backends.equals("both")) {
            ok = measureAll(
                    "inprocess",
                    () -> new InProcessEventBroker(
                            BrokerSettings.DEFAULTS.withStreamMaxLen(
                                    Integer.getInteger("arena.stream.maxlen", BrokerSettings.DEFAULTS.streamMaxLen())),
                            Clock.systemUTC()));
        }
        if (backends.equals("inprocess")) {
            return ok;
        }
        try (RedisServer redis = RedisServer.startNew()) {
            ok &= measureAll(
                    "redis",
                    () -> RedisStreamsBroker.connect(
                            redis.url(), "arena-bench", BrokerSettings.DEFAULTS, Clock.systemUTC()));
        }
        if (backends.equals("cluster")) {
            try (RedisCluster cluster = RedisCluster.startNew()) {
                ok &= measureAll(
                        "redis cluster (3 masters)",
                        () -> RedisStreamsBroker.connect(
                                cluster.seedUrl(), "arena-bench", BrokerSettings.DEFAULTS, Clock.systemUTC()));
            }
        }
        return ok;
    }

    /** One measured configuration: a transport, with or without reader tokens. */
    private record Setup(String transport, boolean auth) {
        String label(String backend) {
            return backend + (auth ? ", tokens" : "");
        }
    }

    /** What one measurement found. */
    private record Result(double p50, double p99, double cpuPerEventUs, boolean met) {}

    private boolean measureAll(String backend, Supplier<EventBroker> brokers) throws Exception {
        List<Setup> setups = new ArrayList<>();
        for (boolean auth : auths) {
            for (String transport : transports) {
                setups.add(new Setup(transport, auth));
            }
        }
        Map<Setup, List<Result>> results = new LinkedHashMap<>();
        setups.forEach(s -> results.put(s, new ArrayList<>()));
        boolean ok = true;
        if (jvmWarmup > 0 && !jvmWarmedUp) {
            // The readers parse 500,000 events/s on one thread of this JVM: while their code is still interpreted
            // they fall seconds behind and the kernel's socket buffers (megabytes per connection) hold the backlog,
            // so the first configuration of each transport in a fresh JVM would measure the benchmark's own readers
            // warming up. Each transport's readers run once, not counted, before anything is measured.
            for (String transport : transports) {
                measure(backend, brokers, new Setup(transport, auths.get(0)), jvmWarmup, false);
            }
            jvmWarmedUp = true;
        }
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < setups.size(); k++) {
                Setup setup = setups.get((k + round) % setups.size()); // rotate the order: no setup always first
                Result r = measure(backend, brokers, setup, seconds, true);
                ok &= r.met();
                results.get(setup).add(r);
            }
        }
        if (rounds > 1) {
            for (Map.Entry<Setup, List<Result>> e : results.entrySet()) {
                System.out.printf(
                        Locale.ROOT,
                        "median of %d rounds, %s [%s]: p50 %.2f ms, p99 %.2f ms, server+producer CPU %.2f µs per delivered event%n",
                        e.getValue().size(),
                        e.getKey().transport(),
                        e.getKey().label(backend),
                        median(e.getValue(), Result::p50),
                        median(e.getValue(), Result::p99),
                        median(e.getValue(), Result::cpuPerEventUs));
            }
        }
        for (boolean auth : auths) {
            for (String transport : List.of("ws", WS_JETTY)) {
                List<Result> sse = results.get(new Setup("sse", auth));
                List<Result> ws = results.get(new Setup(transport, auth));
                if (sse != null && ws != null) {
                    System.out.printf(
                            Locale.ROOT,
                            "ratio %s/sse CPU per delivered event [%s]: %.2f (p50 %.2f vs %.2f ms, p99 %.2f vs %.2f ms)%n",
                            transport,
                            new Setup(transport, auth).label(backend),
                            median(ws, Result::cpuPerEventUs) / median(sse, Result::cpuPerEventUs),
                            median(ws, Result::p50),
                            median(sse, Result::p50),
                            median(ws, Result::p99),
                            median(sse, Result::p99));
                }
            }
        }
        for (String transport : transports) {
            List<Result> open = results.get(new Setup(transport, false));
            List<Result> tokens = results.get(new Setup(transport, true));
            if (open != null && tokens != null) {
                double ratio = median(tokens, Result::cpuPerEventUs) / median(open, Result::cpuPerEventUs);
                ok &= ratio < AUTH_CPU_RATIO_TARGET;
                System.out.printf(
                        Locale.ROOT,
                        "ratio tokens/none CPU per delivered event [%s, %s]: %.3f (target < %.2f) %s%n",
                        backend,
                        transport,
                        ratio,
                        AUTH_CPU_RATIO_TARGET,
                        ratio < AUTH_CPU_RATIO_TARGET ? "OK" : "MISSED");
            }
        }
        return ok;
    }

    private static double median(List<Result> results, ToDoubleFunction<Result> f) {
        double[] v = results.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /**
     * One configuration on a fresh server, publishing for {@code seconds} after the warm-up.
     *
     * @param counted false for the JVM's warm-up configuration: printed as such, its result not used
     */
    private Result measure(String backend, Supplier<EventBroker> brokers, Setup setup, int seconds, boolean counted)
            throws Exception {
        Path dir = Files.createTempDirectory("arena-bench-sse");
        Map<String, String> env = new HashMap<>(Map.of(
                "ARENA_HTTP_PORT",
                "0",
                "ARENA_DB",
                dir.resolve("bench.duckdb").toString(),
                "ARENA_AUDIT_LOG",
                dir.resolve("audit.jsonl").toString()));
        if (setup.auth()) {
            env.put("ARENA_AUTH_JWT_SECRET", SECRET);
        }
        try (EventBroker broker = brokers.get();
                ArenaServer server = ArenaServer.builder(ArenaConfig.from(env))
                        .broker(broker)
                        .sseLinger(Duration.ofNanos(
                                (long) (Double.parseDouble(System.getProperty("arena.sse.linger.ms", "1")) * 1e6)))
                        .archiveInterval(Duration.ofMillis(Long.getLong("arena.archive.interval.ms", 1000)))
                        .build()
                        .start()) {
            RunId run = RunId.random();
            broker.openRun(run, Map.of("bench", "latency")).join();
            String[] queries = new String[clients];
            TokenMinter minter = new TokenMinter(SECRET.getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < clients; i++) {
                queries[i] = "run_id=" + run.value()
                        + (setup.auth()
                                ? "&access_token="
                                        // one token per reader, for this run and the bench's kind prefix:
                                        // the kind is checked on every event
                                        + minter.mint(
                                                "reader-" + i,
                                                List.of(run.value()),
                                                List.of("agent."),
                                                false,
                                                Instant.now(),
                                                Duration.ofHours(1))
                                : "");
            }
            long warmupEnd =
                    Ticker.system().nanos() + Duration.ofSeconds(warmup).toNanos();
            LagSeries series = new LagSeries(warmupEnd);
            BenchReaders.Stamps scanner = setup.transport().equals("sse")
                    ? new StampScanner(clients, rate * (seconds + 4) * clients, warmupEnd, series)
                    : new MessageStamps(clients, rate * (seconds + 4), warmupEnd, series);
            try (BenchReaders sockets =
                    switch (setup.transport()) {
                        case "sse" -> new NioSseClients(server.port(), i -> queries[i], clients, scanner);
                        case WS_JETTY ->
                            new WsClients(server.port(), i -> queries[i], clients, WS_CLIENT_THREADS, scanner);
                        default -> new NioWsClients(server.port(), i -> queries[i], clients, scanner);
                    }) {
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
                long clientCpu0 = sockets.cpuNanos();
                long delivered0 = scanner.delivered();
                long stopAt =
                        Ticker.system().nanos() + Duration.ofSeconds(seconds).toNanos();
                while (Ticker.system().nanos() < stopAt) {
                    sockets.pump(50);
                }
                long clientCpu = sockets.cpuNanos() - clientCpu0;
                long measured = Math.max(1, scanner.delivered() - delivered0);
                double serverCpuPerEventUs = ((processCpu() - cpu0) - clientCpu) / 1e3 / measured;
                double clientCpuPerEventUs = clientCpu / 1e3 / measured;
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
                if (!counted) {
                    System.out.print("warm-up configuration of this JVM, not counted: ");
                }
                System.out.printf(
                        Locale.ROOT,
                        "publish->%s latency [%s]: %d clients, %d ev/s for %d s (after a %d s warm-up): "
                                + "p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.1f ms; %,d samples; delivered %,d of %,d "
                                + "(target p99 < %.0f ms) %s; server+producer CPU %.2f µs per delivered event (clients %.2f µs), load avg %.1f%n",
                        switch (setup.transport()) {
                            case "sse" -> "SSE";
                            case WS_JETTY -> "WS (Jetty client)";
                            default -> "WS";
                        },
                        setup.label(backend),
                        clients,
                        rate,
                        seconds,
                        warmup,
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
                        clientCpuPerEventUs,
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                System.out.println("  " + series.describe(-warmup));
                return new Result(p50, p99, serverCpuPerEventUs, ok);
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

    /** Threads of the WebSocket clients (their selectors included); two cores are shared with the server. */
    private static final int WS_CLIENT_THREADS = 4;

    /** CPU time of the whole JVM (server, producer and the clients), ns. */
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
