package dev.arena.bench;

import dev.arena.broker.Brokers;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.config.ArenaConfig;
import dev.arena.config.HttpEdgeSettings;
import dev.arena.server.ArenaServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server side of {@link HoldBench}, in its own JVM so its RSS is measured alone: an
 * {@code arena server} on the backend named by the arguments, one open run that gets one event
 * per second, {@code READY <port> <run> <pid>} on stdout; stops when stdin closes. Arguments:
 * backend, Redis URL or {@code -}, DuckDB path, and the number of clients (so that
 * {@code ARENA_MAX_CONNECTIONS} leaves room for them all).
 */
final class HoldServer {

    private HoldServer() {}

    static void main(String[] args) throws Exception {
        String backend = args[0];
        Map<String, String> env = new HashMap<>();
        env.put("ARENA_BROKER_BACKEND", backend);
        if (backend.equals("redis")) {
            env.put("REDIS_URL", args[1]);
        }
        env.put("ARENA_HTTP_PORT", "0");
        env.put("ARENA_DB", args[2]);
        env.put("ARENA_AUDIT_LOG", args[2] + ".audit.jsonl");
        // room for every SSE client plus the bench's own API calls, however many clients are asked for
        int clients = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        env.put(
                "ARENA_MAX_CONNECTIONS",
                Integer.toString(Math.max(HttpEdgeSettings.DEFAULT_MAX_CONNECTIONS, clients + 100)));
        ArenaConfig config = ArenaConfig.from(env);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        try (EventBroker broker = Brokers.fromConfig(config, "arena-server");
                ArenaServer server =
                        ArenaServer.builder(config).broker(broker).build().start()) {
            RunId run = RunId.random();
            broker.openRun(run, Map.of("bench", "hold")).join();
            AtomicLong n = new AtomicLong();
            ticker.scheduleAtFixedRate(
                    () -> broker.publish(run, Event.of("system.status", Map.of("tick", n.incrementAndGet()))),
                    1,
                    1,
                    TimeUnit.SECONDS);
            System.out.println("READY " + server.port() + " " + run + " "
                    + ProcessHandle.current().pid());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            while (in.readLine() != null) {
                // wait for EOF
            }
            ticker.shutdownNow();
        }
        System.exit(0);
    }
}
