package dev.arena.bench;

import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import dev.arena.broker.redis.RedisStreamsBroker;
import dev.arena.config.ArenaConfig;
import dev.arena.config.BrokerSettings;
import dev.arena.server.ArenaServer;
import dev.arena.testkit.PostgresServer;
import dev.arena.testkit.RedisServer;
import dev.arena.time.Ticker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Continuous archiving under the publish benchmark's load (docs/benchmarks.md "## Tiered history"): one producer
 * publishes ~250-byte events into one run on a private {@code redis-server} as fast as it can (as
 * {@link PublishBench} does), while an {@code arena server} on the same Redis archives the live run to its store —
 * a DuckDB file, then a private PostgreSQL (arena-testkit {@link PostgresServer}). Every 100 ms it samples the
 * archive lag two ways: what the server exposes ({@code archive_lag_events} / {@code archive_lag_seconds} of
 * {@code GET /metrics}, as of the archiver's last pass), and as measured from outside — the producer's confirmed head
 * minus the run's {@code archived_through} ({@code GET /runs/{id}}), and how long ago the oldest event not yet
 * archived was confirmed. After the last publish it ends the run and times how long the archive takes to hold all
 * of it; then it checks that the archiver wrote every event ({@code events_archived}) and that none was trimmed from Redis
 * before it was archived ({@code events_trimmed_unarchived}).
 *
 * <p>Usage: {@code ArchiveBench [--events N] [--store duckdb|postgresql|both] [--maxlen N] [--rate N]} (defaults
 * 1,000,000, both, the server's default {@code ARENA_STREAM_MAXLEN}, and as fast as the producer can; {@code --rate}
 * holds the producer to that many events a second). It also reports the CPU the producer's threads and the archiver's
 * threads spent per event. Exit code 0 when, on every store, the archive ends
 * complete with nothing trimmed unarchived, 1 otherwise.
 */
public final class ArchiveBench {

    private static final Pattern LAG_EVENTS = Pattern.compile("\"archive_lag_events\":(\\d+)");
    private static final Pattern LAG_SECONDS = Pattern.compile("\"archive_lag_seconds\":([0-9.Ee+-]+)");
    private static final Pattern TRIMMED = Pattern.compile("\"events_trimmed_unarchived\":(\\d+)");
    private static final Pattern ARCHIVED_THROUGH = Pattern.compile("\"archived_through\":(\\d+)");
    private static final Pattern ARCHIVED = Pattern.compile("\"events_archived\":(\\d+)");

    private final int events;
    private final Integer maxLen;
    /** Events per second the producer is held to; 0: as fast as it can. */
    private final int rate;

    private final List<Event> samples = sampleEvents();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ArchiveBench(int events, Integer maxLen, int rate) {
        this.events = events;
        this.maxLen = maxLen;
        this.rate = rate;
    }

    public static void main(String[] args) throws Exception {
        int events = 1_000_000;
        String store = "both";
        Integer maxLen = null;
        int rate = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[i + 1]);
                case "--store" -> store = args[i + 1];
                case "--maxlen" -> maxLen = Integer.parseInt(args[i + 1]);
                case "--rate" -> rate = Integer.parseInt(args[i + 1]);
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i]
                            + "; use --events N --store duckdb|postgresql|both --maxlen N --rate EVENTS_PER_SECOND");
            }
        }
        System.out.printf(
                Locale.ROOT,
                "ArchiveBench: %,d events, %d cores, Java %s, load average %s%n",
                events,
                Runtime.getRuntime().availableProcessors(),
                Runtime.version(),
                Bench.loadAverage());
        ArchiveBench bench = new ArchiveBench(events, maxLen, rate);
        boolean ok = true;
        Path dir = Files.createTempDirectory("arena-bench-archive");
        try (RedisServer redis = RedisServer.startNew()) {
            if (!store.equals("postgresql")) {
                ok &= bench.run(redis, "duckdb", dir.resolve("bench.duckdb").toString(), dir);
                redis.flushAll();
            }
            if (!store.equals("duckdb")) {
                try (PostgresServer pg = PostgresServer.startNew()) {
                    ok &= bench.run(redis, "postgresql", pg.url(), dir);
                }
            }
        } finally {
            Bench.deleteTree(dir);
        }
        System.out.println("load average when done: " + Bench.loadAverage());
        System.exit(ok ? 0 : 1);
    }

    /** ~250-byte envelopes, varied so nothing is cached by accident (as in {@link PublishBench}). */
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

    private boolean run(RedisServer redis, String name, String arenaDb, Path dir) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("ARENA_BROKER_BACKEND", "redis");
        env.put("REDIS_URL", redis.url());
        env.put("ARENA_HTTP_PORT", "0");
        env.put("ARENA_DB", arenaDb);
        env.put("ARENA_AUDIT_LOG", dir.resolve("audit-" + name + ".jsonl").toString());
        if (maxLen != null) {
            env.put("ARENA_STREAM_MAXLEN", maxLen.toString());
        }
        ArenaConfig config = ArenaConfig.from(env);
        BrokerSettings settings = config.brokerSettings();
        try (ArenaServer server = ArenaServer.builder(config).build().start();
                EventBroker producer =
                        RedisStreamsBroker.connect(redis.url(), "arena-bench", settings, Clock.systemUTC())) {
            warmUp(producer, server);
            long archivedBefore = matchLong(get(server.url() + "/metrics"), ARCHIVED);
            RunId run = RunId.random();
            producer.openRun(run, Map.of("bench", "archive")).get(10, TimeUnit.SECONDS);
            AtomicLong head = new AtomicLong(1);
            Sampler sampler = new Sampler(server.url(), run, head);
            Thread sampling = new Thread(sampler, "archive-lag-sampler");
            sampling.setDaemon(true);
            sampling.start();
            ThreadCpu cpu = new ThreadCpu(ArchiveBench::role);
            ChildCpu children = new ChildCpu();
            long jvmCpuStart = CpuMeter.jvmCpuNanos();
            long start = Ticker.system().nanos();
            CompletableFuture<Long> last = null;
            for (int i = 0; i < events; i++) {
                if (rate > 0 && (i & 511) == 0) {
                    long due = start + (long) (i * 1e9 / rate);
                    long early = due - Ticker.system().nanos();
                    if (early > 0) {
                        LockSupport.parkNanos(early); // pacing the producer, not waiting for a result
                    }
                }
                last = producer.publish(run, samples.get(i & 1023));
                if ((i & 255) == 255) {
                    last.thenAccept(seq -> head.accumulateAndGet(seq, Math::max));
                }
            }
            producer.flush(Duration.ofSeconds(60));
            long lastSeq = last.get(60, TimeUnit.SECONDS);
            head.accumulateAndGet(lastSeq, Math::max);
            long published = Ticker.system().nanos() - start;
            producer.closeRun(run, RunOutcome.COMPLETE, Map.of()).get(10, TimeUnit.SECONDS);
            long finalSeq = lastSeq + 1;
            head.accumulateAndGet(finalSeq, Math::max);
            long drainStart = Ticker.system().nanos();
            long deadline = drainStart + TimeUnit.SECONDS.toNanos(180);
            long through = 0;
            while (through < finalSeq && Ticker.system().nanos() < deadline) {
                through = matchLong(get(server.url() + "/runs/" + run), ARCHIVED_THROUGH);
                if (through < finalSeq) {
                    Thread.sleep(20); // polling an external process's progress, not synchronising a test
                }
            }
            long drained = Ticker.system().nanos() - drainStart;
            Map<String, Long> cpuByRole = cpu.since();
            Map<String, Long> childCpu = children.since();
            sampler.stop();
            sampling.join();
            String metrics = get(server.url() + "/metrics");
            long stored = matchLong(metrics, ARCHIVED) - archivedBefore;
            long trimmed = matchLong(metrics, TRIMMED);
            System.out.printf(
                    Locale.ROOT,
                    "%n== %s: %,d events published in %.1f s (%,.0f events/s%s) while the server archived ==%n",
                    name,
                    events,
                    published / 1e9,
                    events / (published / 1e9),
                    this.rate > 0 ? String.format(Locale.ROOT, ", held to %,d", this.rate) : "");
            sampler.report();
            System.out.printf(
                    Locale.ROOT,
                    "  archive complete %.2f s after the run ended (archived_through %,d of %,d);"
                            + " events archived %,d; trimmed from Redis before archived: %,d%n",
                    drained / 1e9,
                    through,
                    finalSeq,
                    stored,
                    trimmed);
            boolean complete = through >= finalSeq && stored == finalSeq && trimmed == 0;
            System.out.printf(
                    Locale.ROOT,
                    "  CPU per event: producer %.2f µs, archiver %.2f µs, Redis client I/O (both) %.2f µs;"
                            + " ratio archiver/producer: %.2f%n",
                    cpuByRole.getOrDefault("producer", 0L) / 1e3 / events,
                    cpuByRole.getOrDefault("archiver", 0L) / 1e3 / events,
                    cpuByRole.getOrDefault("io", 0L) / 1e3 / events,
                    cpuByRole.getOrDefault("archiver", 0L)
                            / (double) Math.max(1, cpuByRole.getOrDefault("producer", 0L)));
            System.out.printf(
                    Locale.ROOT,
                    "  CPU per event, whole processes: the JVM (producer, server, DuckDB) %.2f µs, redis-server %.2f µs"
                            + " (PostgreSQL's server detaches from this JVM and is not counted)%n",
                    (CpuMeter.jvmCpuNanos() - jvmCpuStart) / 1e3 / events,
                    childCpu.getOrDefault("redis-server", 0L) / 1e3 / events);
            System.out.println("  verdict: " + (complete ? "kept up (every event archived)" : "DID NOT keep up"));
            return complete;
        }
    }

    /** The threads of the producer, of the server's archiver, and Lettuce's I/O threads (shared by both). */
    private static String role(String thread) {
        if (thread.equals("main") || thread.equals("arena-redis-publisher")) {
            return "producer";
        }
        if (thread.equals("arena-server-schedule") || thread.equals("arena-archive-read-ahead")) {
            return "archiver";
        }
        return thread.startsWith("lettuce-") ? "io" : null;
    }

    /** A short run first, so the archiver, the store and the JIT are warm before anything is timed. */
    private void warmUp(EventBroker producer, ArenaServer server) throws Exception {
        RunId run = RunId.random();
        producer.openRun(run, Map.of("bench", "warm-up")).get(10, TimeUnit.SECONDS);
        CompletableFuture<Long> last = null;
        for (int i = 0; i < 20_000; i++) {
            last = producer.publish(run, samples.get(i & 1023));
        }
        producer.flush(Duration.ofSeconds(60));
        last.get(60, TimeUnit.SECONDS);
        producer.closeRun(run, RunOutcome.COMPLETE, Map.of()).get(10, TimeUnit.SECONDS);
        long deadline = Ticker.system().nanos() + TimeUnit.SECONDS.toNanos(60);
        while (matchLong(get(server.url() + "/runs/" + run), ARCHIVED_THROUGH) < 20_002
                && Ticker.system().nanos() < deadline) {
            Thread.sleep(50);
        }
    }

    /** Samples the lag every 100 ms until stopped. */
    private final class Sampler implements Runnable {
        private final String base;
        private final RunId run;
        private final AtomicLong head;
        private final List<long[]> heads = new ArrayList<>(); // {nanos, head}
        private final List<Long> lagEvents = new ArrayList<>();
        private final List<Double> lagSeconds = new ArrayList<>();
        private final List<Long> metricEvents = new ArrayList<>();
        private final List<Double> metricSeconds = new ArrayList<>();
        private volatile boolean stopped;

        Sampler(String base, RunId run, AtomicLong head) {
            this.base = base;
            this.run = run;
            this.head = head;
        }

        void stop() {
            stopped = true;
        }

        @Override
        public void run() {
            long next = Ticker.system().nanos();
            while (!stopped) {
                try {
                    long now = Ticker.system().nanos();
                    long h = head.get();
                    heads.add(new long[] {now, h});
                    long through = matchLong(get(base + "/runs/" + run), ARCHIVED_THROUGH);
                    String metrics = get(base + "/metrics");
                    lagEvents.add(Math.max(0, h - through));
                    lagSeconds.add(oldestUnarchivedAge(through, now));
                    metricEvents.add(matchLong(metrics, LAG_EVENTS));
                    Matcher m = LAG_SECONDS.matcher(metrics);
                    metricSeconds.add(m.find() ? Double.parseDouble(m.group(1)) : 0);
                    next += 100_000_000L;
                    long wait = next - Ticker.system().nanos();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    System.err.println("sampling failed: " + e);
                }
            }
        }

        /** Seconds since the head first passed {@code through} (the oldest unarchived event's age); 0 when none. */
        private double oldestUnarchivedAge(long through, long now) {
            for (long[] s : heads) {
                if (s[1] > through) {
                    return (now - s[0]) / 1e9;
                }
            }
            return 0;
        }

        void report() {
            System.out.printf(
                    Locale.ROOT,
                    "  %d samples, every 100 ms while publishing and until the archive was complete%n",
                    lagEvents.size());
            System.out.printf(Locale.ROOT, "  %-52s %12s %12s %12s%n", "archive lag", "p50", "p99", "max");
            line("measured: events (confirmed head - archived_through)", longs(lagEvents), "%,12.0f");
            line("measured: seconds (age of oldest unarchived event)", doubles(lagSeconds), "%12.2f");
            line("/metrics archive_lag_events", longs(metricEvents), "%,12.0f");
            line("/metrics archive_lag_seconds", doubles(metricSeconds), "%12.2f");
        }

        private void line(String what, double[] values, String format) {
            Arrays.sort(values);
            System.out.printf(
                    Locale.ROOT,
                    "  %-52s " + format + " " + format + " " + format + "%n",
                    what,
                    Bench.percentile(values, 0.50),
                    Bench.percentile(values, 0.99),
                    values.length == 0 ? 0 : values[values.length - 1]);
        }
    }

    private static double[] longs(List<Long> values) {
        return values.stream().mapToDouble(Long::doubleValue).toArray();
    }

    private static double[] doubles(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static long matchLong(String body, Pattern p) {
        Matcher m = p.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no " + p + " in " + body);
        }
        return Long.parseLong(m.group(1));
    }

    private String get(String url) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
