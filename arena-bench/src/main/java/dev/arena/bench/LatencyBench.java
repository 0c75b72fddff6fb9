package dev.arena.bench;

import dev.arena.broker.BrokerSettings;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.broker.redis.RedisStreamsBroker;
import dev.arena.config.ArenaConfig;
import dev.arena.server.ArenaServer;
import dev.arena.testkit.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

/**
 * Publish→SSE-client latency: an embedded server on each backend, {@code clients} okhttp-sse
 * clients on one run, a producer publishing at {@code rate} events/s stamping {@code System.nanoTime()}
 * into each payload; every client records now − stamp per event after a 2 s warm-up.
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

    boolean run() throws Exception {
        boolean ok = measure("inprocess", () -> new InProcessEventBroker(BrokerSettings.DEFAULTS, Clock.systemUTC()));
        try (RedisServer redis = RedisServer.startNew()) {
            ok &= measure("redis", () -> RedisStreamsBroker.connect(redis.url(), "arena-bench", BrokerSettings.DEFAULTS,
                    Clock.systemUTC()));
        }
        return ok;
    }

    private boolean measure(String backend, Supplier<EventBroker> brokers) throws Exception {
        Path dir = Files.createTempDirectory("arena-bench-sse");
        Map<String, String> env = Map.of("ARENA_HTTP_PORT", "0", "ARENA_DB", dir.resolve("bench.duckdb").toString(),
                "ARENA_AUDIT_LOG", dir.resolve("audit.jsonl").toString());
        try (EventBroker broker = brokers.get();
             ArenaServer server = ArenaServer.builder(ArenaConfig.from(env)).broker(broker).build().start()) {
            RunId run = RunId.random();
            broker.openRun(run, Map.of("bench", "latency")).join();
            Dispatcher dispatcher = new Dispatcher();
            dispatcher.setMaxRequests(clients * 2);
            dispatcher.setMaxRequestsPerHost(clients * 2);
            OkHttpClient http = new OkHttpClient.Builder().dispatcher(dispatcher)
                    .connectionPool(new ConnectionPool(clients * 2, 1, TimeUnit.MINUTES))
                    .readTimeout(Duration.ZERO).build();
            long warmupEnd = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            int capacity = rate * (seconds + 3);
            List<Recorder> recorders = new ArrayList<>();
            CountDownLatch opened = new CountDownLatch(clients);
            CountDownLatch ended = new CountDownLatch(clients);
            List<EventSource> sources = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                Recorder r = new Recorder(capacity, warmupEnd, opened, ended);
                recorders.add(r);
                sources.add(EventSources.createFactory(http).newEventSource(
                        new Request.Builder().url(server.url() + "/events?run_id=" + run).build(), r));
            }
            if (!opened.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("only " + (clients - opened.getCount()) + " of " + clients + " clients connected");
            }
            long published = publish(broker, run, Duration.ofSeconds(seconds + 2));
            broker.closeRun(run, RunOutcome.COMPLETE, Map.of()).join();
            boolean allEnded = ended.await(60, TimeUnit.SECONDS);
            sources.forEach(EventSource::cancel);
            http.dispatcher().executorService().shutdown();

            long[] all = merge(recorders);
            long delivered = recorders.stream().mapToLong(r -> r.received.get()).sum();
            Arrays.sort(all);
            double p50 = pct(all, 0.50);
            double p99 = pct(all, 0.99);
            double p999 = pct(all, 0.999);
            double max = all.length == 0 ? Double.NaN : all[all.length - 1] / 1e6;
            boolean ok = allEnded && p99 < P99_TARGET_MS && delivered == published * clients;
            System.out.printf(Locale.ROOT, "publish->SSE latency [%s]: %d clients, %d ev/s for %d s (+2 s warm-up): "
                            + "p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.1f ms; %,d samples; delivered %,d of %,d "
                            + "(target p99 < %.0f ms) %s%n", backend, clients, rate, seconds, p50, p99, p999, max, all.length,
                    delivered, published * clients, P99_TARGET_MS, ok ? "OK" : "MISSED");
            return ok;
        }
    }

    /** Publishes at the target rate in 1 ms ticks; returns how many events were published. */
    private long publish(EventBroker broker, RunId run, Duration duration) throws InterruptedException {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        AtomicLong count = new AtomicLong();
        long start = System.nanoTime();
        String pad = "x".repeat(120);
        ticker.scheduleAtFixedRate(() -> {
            long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
            while (count.get() < due) {
                broker.publish(run, Event.of("agent.signal", Map.of("t", System.nanoTime(), "pad", pad)));
                count.incrementAndGet();
            }
        }, 0, 1, TimeUnit.MILLISECONDS);
        Thread.sleep(duration.toMillis());
        ticker.shutdown();
        ticker.awaitTermination(10, TimeUnit.SECONDS);
        broker.flush(Duration.ofSeconds(10));
        return count.get();
    }

    private static long[] merge(List<Recorder> recorders) {
        int n = recorders.stream().mapToInt(r -> r.size).sum();
        long[] all = new long[n];
        int at = 0;
        for (Recorder r : recorders) {
            System.arraycopy(r.samples, 0, all, at, r.size);
            at += r.size;
        }
        return all;
    }

    private static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    /** One client: latency samples (ns) of events stamped after the warm-up. */
    private static final class Recorder extends EventSourceListener {
        final long[] samples;
        final long warmupEnd;
        final CountDownLatch opened;
        final CountDownLatch ended;
        final AtomicLong received = new AtomicLong();
        int size;

        Recorder(int capacity, long warmupEnd, CountDownLatch opened, CountDownLatch ended) {
            this.samples = new long[capacity];
            this.warmupEnd = warmupEnd;
            this.opened = opened;
            this.ended = ended;
        }

        @Override
        public void onOpen(EventSource eventSource, Response response) {
            opened.countDown();
        }

        @Override
        public void onEvent(EventSource eventSource, String id, String type, String data) {
            long now = System.nanoTime();
            if (type.equals("end")) {
                ended.countDown();
                return;
            }
            if (!type.equals("agent.signal")) {
                return;
            }
            received.incrementAndGet();
            int at = data.indexOf("\"t\":");
            if (at < 0) {
                return;
            }
            int from = at + 4;
            int to = from < data.length() && data.charAt(from) == '-' ? from + 1 : from;
            while (to < data.length() && Character.isDigit(data.charAt(to))) {
                to++;
            }
            long stamp = Long.parseLong(data, from, to, 10);
            if (stamp >= warmupEnd && size < samples.length) {
                samples[size++] = now - stamp;
            }
        }

        @Override
        public void onFailure(EventSource eventSource, Throwable t, Response response) {
            opened.countDown();
            ended.countDown();
        }
    }
}
