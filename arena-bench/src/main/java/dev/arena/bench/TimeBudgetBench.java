package dev.arena.bench;

import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.config.ArenaConfig;
import dev.arena.json.Json;
import dev.arena.server.ArenaServer;
import dev.arena.testkit.RedisServer;
import dev.arena.time.Ticker;
import dev.arena.traffic.Race;
import dev.arena.traffic.RaceOptions;
import dev.arena.traffic.RaceResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The time budgets the functional tests used to assert with a stopwatch, measured here instead so
 * a busy machine cannot fail a test: how long an operator waits in each situation those tests
 * cover. The tests keep checking what happens; this checks how fast.
 *
 * <ul>
 *   <li>{@code arena diag metrics} and {@code triage} against a server that is down exit 3 in
 *       under 5 s (DiagCommandTest), in a fresh JVM with the launcher's flags;</li>
 *   <li>{@code triage --window 400ms} of a healthy run, and {@code --window 500ms} of a stalled
 *       fork, take under 3 s (ServerCommandsIT, StuckForkIT);</li>
 *   <li>{@code /health} answers a 503 within 8 s once Redis is gone (HealthRedisDownIT);</li>
 *   <li>a server with a stalled fork shuts down within 20 s (RestartAndShutdownIT);</li>
 *   <li>a 400 ms race of 3 runs at 2,000 events/s publishes more than 16 events and starts both
 *       of its forks (RaceTest).</li>
 * </ul>
 *
 * <p>Usage: {@code TimeBudgetBench [--repeat 3]}. Prints each median against its budget; exit 0
 * when all are met.
 */
public final class TimeBudgetBench {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TimeBudgetBench() {}

    public static void main(String[] args) throws Exception {
        int repeat = args.length == 2 && args[0].equals("--repeat") ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("arena-time-budgets");
        String cp = System.getProperty("java.class.path");
        List<String> flags = DiagBench.LAUNCHER_FLAGS;
        List<Boolean> met = new ArrayList<>();

        String closed = "http://127.0.0.1:" + RedisServer.freePort();
        met.add(within(
                "diag metrics, server down (exit 3)",
                5_000,
                DiagBench.timed(cp, flags, List.of("diag", "metrics", "--server", closed), Map.of(), repeat, 3)));
        met.add(within(
                "diag triage --window 100ms, server down (exit 3)",
                5_000,
                DiagBench.timed(
                        cp,
                        flags,
                        List.of("diag", "triage", RunId.random().value(), "--window", "100ms"),
                        Map.of("ARENA_SERVER_URL", closed),
                        repeat,
                        3)));

        try (EventBroker broker = new InProcessEventBroker();
                ArenaServer server = faultyServer(dir, broker)) {
            Map<String, String> env = Map.of(
                    "ARENA_SERVER_URL",
                    server.url(),
                    "ARENA_FORK_STUCK_AFTER",
                    "1s",
                    "ARENA_AUDIT_LOG",
                    dir.resolve("diag-audit.jsonl").toString());
            RunId busy = RunId.random();
            broker.openRun(busy, Map.of()).join();
            AtomicBoolean producing = new AtomicBoolean(true);
            Thread producer = new Thread(
                    () -> {
                        for (int i = 0; producing.get(); i++) {
                            broker.publish(busy, Event.of("agent.signal", Map.of("i", i)))
                                    .join();
                            pause(20);
                        }
                    },
                    "bench-producer");
            producer.start();
            try {
                met.add(within(
                        "diag triage --window 400ms, healthy run",
                        3_000,
                        DiagBench.timed(
                                cp,
                                flags,
                                List.of("diag", "triage", busy.value(), "--window", "400ms"),
                                env,
                                repeat,
                                3)));
            } finally {
                producing.set(false);
                producer.join();
            }
            String child = stalledFork(server, broker);
            met.add(within(
                    "diag triage --window 500ms, stalled fork",
                    3_000,
                    DiagBench.timed(cp, flags, List.of("diag", "triage", child, "--window", "500ms"), env, repeat, 3)));
        }

        met.add(within("/health with Redis stopped (503)", 8_000, List.of(healthWithRedisDown(dir))));
        met.add(within("server shutdown with a stalled fork", 20_000, List.of(shutdownWithStalledFork(dir))));
        met.add(race());

        boolean ok = !met.contains(false);
        System.out.printf(
                Locale.ROOT,
                "load average now: %s%nall budgets %s%n",
                Files.readString(Path.of("/proc/loadavg")).trim(),
                ok ? "met" : "NOT met");
        System.exit(ok ? 0 : 1);
    }

    private static ArenaServer faultyServer(Path dir, EventBroker broker) throws Exception {
        return ArenaServer.builder(config(dir, Map.of("ARENA_FORK_STUCK_AFTER", "1s")))
                .broker(broker)
                .allowFaultInjection(true)
                .build()
                .start();
    }

    private static ArenaConfig config(Path dir, Map<String, String> extra) throws Exception {
        Path own = Files.createTempDirectory(dir, "server");
        Map<String, String> env = new HashMap<>(extra);
        env.put("ARENA_HTTP_PORT", "0");
        env.put("ARENA_DB", own.resolve("arena.duckdb").toString());
        env.put("ARENA_AUDIT_LOG", own.resolve("audit.jsonl").toString());
        return ArenaConfig.from(env);
    }

    /** Forks a finished run with a stall injected over HTTP and waits until the server calls it stuck; returns the child run. */
    private static String stalledFork(ArenaServer server, EventBroker broker) throws Exception {
        RunId parent = RunId.random();
        broker.openRun(parent, Map.of()).join();
        for (int i = 0; i < 10; i++) {
            broker.publish(parent, Event.of("agent.signal", Map.of("i", i))).join();
        }
        broker.closeRun(parent, RunOutcome.COMPLETE, Map.of()).join();
        HttpResponse<String> started = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.url() + "/forks"))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"parent_run_id\":\"" + parent + "\",\"scenario\":{\"stall_at_seq\":14}}"))
                        .header("Content-Type", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            throw new IllegalStateException("POST /forks answered " + started.statusCode() + ": " + started.body());
        }
        String child = Json.parse(started.body()).path("child_run_id").asText();
        long deadline = Ticker.system().nanos() + Duration.ofSeconds(30).toNanos();
        while (!get(server.url() + "/debug/forks").body().replace(" ", "").contains("\"stuck\":true")) {
            if (Ticker.system().nanos() > deadline) {
                throw new IllegalStateException("the injected stall never showed as stuck");
            }
            pause(100);
        }
        return child;
    }

    private static long healthWithRedisDown(Path dir) throws Exception {
        try (RedisServer redis =
                        RedisServer.builder().password("bench-pa55-w0rd").start();
                ArenaServer server = ArenaServer.builder(
                                config(dir, Map.of("ARENA_BROKER_BACKEND", "redis", "REDIS_URL", redis.url())))
                        .build()
                        .start()) {
            if (get(server.url() + "/health").statusCode() != 200) {
                throw new IllegalStateException("/health not 200 while Redis is up");
            }
            redis.stop();
            long t0 = Ticker.system().nanos();
            int status = get(server.url() + "/health").statusCode();
            long ms = (Ticker.system().nanos() - t0) / 1_000_000;
            redis.start();
            if (status != 503) {
                throw new IllegalStateException("/health answered " + status + " with Redis down");
            }
            return ms;
        }
    }

    private static long shutdownWithStalledFork(Path dir) throws Exception {
        try (EventBroker broker = new InProcessEventBroker()) {
            ArenaServer server = faultyServer(dir, broker);
            stalledFork(server, broker);
            long t0 = Ticker.system().nanos();
            server.close();
            return (Ticker.system().nanos() - t0) / 1_000_000;
        }
    }

    private static boolean race() throws Exception {
        try (InProcessEventBroker broker = new InProcessEventBroker()) {
            RaceResult r = new Race(
                            broker,
                            Ticker.system(),
                            new RaceOptions(3, 2_000, Duration.ofMillis(400), 2, 5),
                            (parent, index) -> "fork " + index,
                            p -> {})
                    .run();
            boolean ok = r.events() > 3 * 2 + 10 && r.forksStarted() == 2;
            System.out.printf(
                    Locale.ROOT,
                    "%-50s %d events, %d of 2 forks started (budget > 16 events, 2 forks) -> %s%n",
                    "race 3 runs at 2,000/s for 400 ms",
                    r.events(),
                    r.forksStarted(),
                    ok ? "met" : "NOT met");
            return ok;
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static boolean within(String what, long budgetMs, List<Long> sortedMs) {
        long median = sortedMs.get(sortedMs.size() / 2);
        boolean ok = median <= budgetMs;
        System.out.printf(
                Locale.ROOT,
                "%-50s median %6d ms (n=%d), budget %6d ms -> %s%n",
                what,
                median,
                sortedMs.size(),
                budgetMs,
                ok ? "met" : "NOT met");
        return ok;
    }

    /** The bench's own pacing (a producer's rhythm, a poll interval); nothing here is a test. */
    private static void pause(long millis) {
        try {
            Ticker.system().sleep(Duration.ofMillis(millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
