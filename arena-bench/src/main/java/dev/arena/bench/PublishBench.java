package dev.arena.bench;

import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.broker.redis.RedisStreamsBroker;
import dev.arena.config.BrokerSettings;
import dev.arena.testkit.RedisServer;
import dev.arena.time.Ticker;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Publish throughput of both backends from one producer thread, next to what {@code redis-benchmark}
 * gets from the same private Redis with plain pipelined {@code XADD}s — the ceiling for comparison.
 * Each figure is the best of {@code --rounds} timed rounds after a warm-up; the Redis rounds include
 * the final flush, so every counted publish was confirmed by Redis. Next to each Redis figure it
 * prints the CPU time spent per event by this JVM and by redis-server (from {@code INFO cpu}), which
 * says where the time goes even on a machine shared with other work.
 *
 * <p>It then measures the Redis broker again with {@value #PRODUCERS} producer threads, each into a run
 * of its own (one broker, so one publisher), and compares that too with the same redis-benchmark figure.
 *
 * <p>Usage: {@code PublishBench [--events N] [--rounds N]} (defaults 2,000,000 and 3).
 * Exit code 0 when both targets (in-process 5M ev/s, Redis 400k ev/s) are met, 1 otherwise.
 */
public final class PublishBench {

    static final double INPROCESS_TARGET = 5_000_000;
    static final double REDIS_TARGET = 400_000;
    static final int PRODUCERS = 4;

    private final int events;
    private final int rounds;
    private final List<Event> samples;

    private PublishBench(int events, int rounds) {
        this.events = events;
        this.rounds = rounds;
        this.samples = sampleEvents();
    }

    public static void main(String[] args) throws Exception {
        int events = 2_000_000;
        int rounds = 3;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i] + "; use --events N --rounds N");
            }
        }
        System.exit(new PublishBench(events, rounds).run() ? 0 : 1);
    }

    /** ~200-byte envelopes, varied so nothing is cached by accident. */
    private static List<Event> sampleEvents() {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < 1024; i++) {
            out.add(Event.of(
                            "agent.signal",
                            Map.of("agent", "agent-" + (i % 8), "step", i, "text", "x".repeat(40 + i % 16)))
                    .withPhase("analysis"));
        }
        return out;
    }

    private boolean run() throws Exception {
        System.out.printf(
                Locale.ROOT,
                "PublishBench: %,d events per round, best of %d rounds, envelope ~%d bytes, %d cores, Java %s%n",
                events,
                rounds,
                sampleEnvelopeBytes(),
                Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        double inProcess = best(() -> new InProcessEventBroker(BrokerSettings.DEFAULTS, Clock.systemUTC()));
        report("in-process broker (1 producer)", inProcess, INPROCESS_TARGET);
        try (RedisServer server = RedisServer.startNew();
                CpuMeter cpu = new CpuMeter(server.url())) {
            cpu.start();
            double redis = best(() -> RedisStreamsBroker.connect(
                    server.url(), "arena-bench", BrokerSettings.DEFAULTS, Clock.systemUTC()));
            report("Redis broker (1 process, 1 producer)", redis, REDIS_TARGET);
            System.out.println("  " + cpu.perEvent(Math.max(100_000, events / 4) + (long) rounds * events));
            server.flushAll();
            cpu.start();
            double many = best(
                    () -> RedisStreamsBroker.connect(
                            server.url(), "arena-bench", BrokerSettings.DEFAULTS, Clock.systemUTC()),
                    PRODUCERS);
            report("Redis broker (1 process, " + PRODUCERS + " producers, " + PRODUCERS + " runs)", many, 0);
            System.out.println("  " + cpu.perEvent(Math.max(100_000, events / 4) + (long) rounds * events));
            server.flushAll();
            cpu.start();
            double ceiling = redisBenchmark(server);
            if (ceiling > 0) {
                report("redis-benchmark -P 64 XADD (same Redis)", ceiling, 0);
                System.out.println("  " + cpu.redisOnlyPerEvent(1_000_000));
                System.out.printf(Locale.ROOT, "ratio Redis broker / redis-benchmark XADD: %.2f%n", redis / ceiling);
                System.out.printf(
                        Locale.ROOT,
                        "ratio Redis broker, %d producers into %d runs / redis-benchmark XADD: %.2f%n",
                        PRODUCERS,
                        PRODUCERS,
                        many / ceiling);
            }
            System.out.println("load average when done: " + loadAverage());
            return inProcess >= INPROCESS_TARGET && redis >= REDIS_TARGET;
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return String.format(
                    Locale.ROOT,
                    "%.2f",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private int sampleEnvelopeBytes() {
        return Envelope.of(RunId.random(), 1234, samples.get(0), Instant.now())
                .toJson()
                .getBytes(StandardCharsets.UTF_8)
                .length;
    }

    private interface BrokerFactory {
        EventBroker create();
    }

    /** Warm-up round, then the best of the timed rounds (events per second), one producer. */
    private double best(BrokerFactory factory) throws Exception {
        return best(factory, 1);
    }

    /** As {@link #best(BrokerFactory)} with {@code producers} threads, each into its own run. */
    private double best(BrokerFactory factory, int producers) throws Exception {
        double best = 0;
        for (int round = 0; round <= rounds; round++) {
            try (EventBroker broker = factory.create()) {
                int n = round == 0 ? Math.max(100_000, events / 4) : events;
                double rate = producers == 1 ? round(broker, n) : roundMany(broker, n, producers);
                if (round > 0) {
                    best = Math.max(best, rate);
                }
            }
        }
        return best;
    }

    private double round(EventBroker broker, int n) throws Exception {
        RunId run = RunId.random();
        broker.openRun(run, Map.of("bench", true)).get(10, TimeUnit.SECONDS);
        long start = Ticker.system().nanos();
        CompletableFuture<Long> last = null;
        for (int i = 0; i < n; i++) {
            last = broker.publish(run, samples.get(i & 1023));
        }
        broker.flush(Duration.ofSeconds(60));
        long seq = last.get(60, TimeUnit.SECONDS);
        long elapsed = Ticker.system().nanos() - start;
        if (seq != n + 1) {
            throw new IllegalStateException("expected the last seq to be " + (n + 1) + " but was " + seq);
        }
        return n / (elapsed / 1e9);
    }

    /** {@code n} events in all from {@code producers} threads, each into a run of its own. */
    private double roundMany(EventBroker broker, int n, int producers) throws Exception {
        int each = n / producers;
        List<RunId> runs = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            RunId run = RunId.random();
            broker.openRun(run, Map.of("bench", true)).get(10, TimeUnit.SECONDS);
            runs.add(run);
        }
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        List<Future<CompletableFuture<Long>>> lasts = new ArrayList<>();
        long start = Ticker.system().nanos();
        for (RunId run : runs) {
            lasts.add(pool.submit(() -> {
                CompletableFuture<Long> last = null;
                for (int i = 0; i < each; i++) {
                    last = broker.publish(run, samples.get(i & 1023));
                }
                return last;
            }));
        }
        for (Future<CompletableFuture<Long>> f : lasts) {
            f.get(60, TimeUnit.SECONDS);
        }
        broker.flush(Duration.ofSeconds(60));
        long elapsed = Ticker.system().nanos() - start;
        pool.shutdown();
        for (Future<CompletableFuture<Long>> f : lasts) {
            long seq = f.get().get(60, TimeUnit.SECONDS);
            if (seq != each + 1) {
                throw new IllegalStateException("expected the last seq to be " + (each + 1) + " but was " + seq);
            }
        }
        return (double) each * producers / (elapsed / 1e9);
    }

    /** Runs redis-benchmark with ~200-byte XADDs against {@code server}; returns requests per second or -1. */
    private double redisBenchmark(RedisServer server) throws IOException, InterruptedException {
        String binary = findOnPath("redis-benchmark");
        if (binary == null) {
            System.out.println(
                    "redis-benchmark not found on PATH (apt-get install -y redis-tools): ceiling not measured");
            return -1;
        }
        List<String> cmd = List.of(
                binary,
                "-h",
                server.host(),
                "-p",
                Integer.toString(server.port()),
                "-P",
                "64",
                "-n",
                "1000000",
                "-q",
                "XADD",
                "bench:s",
                "MAXLEN",
                "~",
                "10000",
                "*",
                "data",
                "v".repeat(200));
        Path out = Files.createTempFile("redis-benchmark", ".txt");
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("redis-benchmark did not finish within 120 s");
            }
            String text = Files.readString(out);
            Matcher m = Pattern.compile("([0-9.]+) requests per second").matcher(text);
            double rate = -1;
            while (m.find()) {
                rate = Double.parseDouble(m.group(1));
            }
            if (rate < 0) {
                System.out.println("could not read redis-benchmark output:\n" + text);
            }
            return rate;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String findOnPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    private static void report(String what, double rate, double target) {
        String verdict = target <= 0
                ? ""
                : rate >= target
                        ? String.format(Locale.ROOT, "  (target %,.0f: met)", target)
                        : String.format(Locale.ROOT, "  (target %,.0f: NOT met)", target);
        System.out.printf(Locale.ROOT, "%-45s %,12.0f events/s%s%n", what, rate, verdict);
    }
}
