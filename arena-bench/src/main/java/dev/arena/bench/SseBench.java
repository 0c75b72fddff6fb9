package dev.arena.bench;

import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.broker.RunOutcome;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.config.BrokerSettings;
import dev.arena.store.RunStore;
import dev.arena.store.StoredRun;
import dev.arena.time.Ticker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Server benchmarks (docs/benchmarks.md "## Server"): publish→reader latency with many SSE or
 * WebSocket readers at a fixed event rate on each backend, with or without reader tokens, how many
 * concurrent readers one server holds (its RSS, threads and Redis connections), and the time to
 * persist a 10k-event run to DuckDB.
 *
 * <p>Usage: {@code SseBench [--clients 100] [--rate 5000] [--seconds 10] [--hold 10000]
 * [--only latency|hold|persist] [--backend inprocess|redis|both|cluster] [--transport sse|ws|both]
 * [--auth off|on|both] [--rounds 1] [--ws-client nio|jetty|both] [--warmup 3] [--jvm-warmup 8]}. Exit code 0 when every target is met, 1 otherwise.
 */
public final class SseBench {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--serve")) {
            HoldServer.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        int clients = 100;
        int rate = 5000;
        int seconds = 10;
        int hold = 10_000;
        String only = "all";
        String backend = "both";
        String transport = "sse";
        String auth = "off";
        int rounds = 1;
        String wsClient = "nio";
        int warmup = 3;
        int jvmWarmup = 8;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--clients" -> clients = Integer.parseInt(args[i + 1]);
                case "--rate" -> rate = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--hold" -> hold = Integer.parseInt(args[i + 1]);
                case "--only" -> only = args[i + 1];
                case "--backend" -> backend = args[i + 1];
                case "--transport" -> transport = args[i + 1];
                case "--auth" -> auth = args[i + 1];
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--ws-client" -> wsClient = args[i + 1];
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--jvm-warmup" -> jvmWarmup = Integer.parseInt(args[i + 1]);
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i]
                            + "; use --clients N --rate EV_PER_S --seconds N --hold N --only latency|hold|persist"
                            + " --backend inprocess|redis|both|cluster --transport sse|ws|both --auth off|on|both"
                            + " --rounds N --ws-client nio|jetty|both --warmup SECONDS --jvm-warmup SECONDS");
            }
        }
        System.out.printf(
                Locale.ROOT,
                "SseBench: %d cores, Java %s%n",
                Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        boolean ok = true;
        if (only.equals("all") || only.equals("persist")) {
            ok &= persist();
        }
        if (only.equals("all") || only.equals("latency")) {
            ok &= new LatencyBench(clients, rate, seconds, transport, auth, rounds, wsClient, warmup, jvmWarmup)
                    .run(backend);
        }
        if (only.equals("all") || only.equals("hold")) {
            ok &= new HoldBench(hold, transport).run(backend);
        }
        System.exit(ok ? 0 : 1);
    }

    /** Persisting a finished 10k-event run (read from the broker + one DuckDB transaction with the Appender). */
    static boolean persist() throws Exception {
        Path dir = Files.createTempDirectory("arena-bench-persist");
        long[] millis = new long[7];
        try (EventBroker broker = new InProcessEventBroker(BrokerSettings.DEFAULTS, Clock.systemUTC());
                RunStore store = RunStore.open(dir.resolve("bench.duckdb"))) {
            for (int round = 0; round < millis.length; round++) {
                RunId run = RunId.random();
                broker.openRun(run, Map.of()).join();
                for (int i = 0; i < 9_998; i++) {
                    broker.publish(
                            run,
                            Event.of(
                                            "agent.signal",
                                            Map.of(
                                                    "agent",
                                                    "agent-" + (i % 8),
                                                    "step",
                                                    i,
                                                    "text",
                                                    "x".repeat(40 + i % 16)))
                                    .withPhase("analysis"));
                }
                broker.closeRun(run, RunOutcome.COMPLETE, Map.of()).join();
                long t0 = Ticker.system().nanos();
                RunInfo info = broker.run(run).orElseThrow();
                List<Envelope> events = broker.read(run, 1, Integer.MAX_VALUE);
                store.persist(StoredRun.of(info, events), events);
                millis[round] = (Ticker.system().nanos() - t0) / 1_000_000;
                if (events.size() != 10_000) {
                    throw new IllegalStateException("expected 10000 events, got " + events.size());
                }
            }
        }
        long[] timed = Arrays.copyOfRange(millis, 2, millis.length);
        Arrays.sort(timed);
        long median = timed[timed.length / 2];
        System.out.printf(
                Locale.ROOT,
                "persist 10k-event run: median %d ms, best %d ms, worst %d ms over %d rounds after 2 warm-ups "
                        + "(target < 200 ms) %s%n",
                median,
                timed[0],
                timed[timed.length - 1],
                timed.length,
                median < 200 ? "OK" : "MISSED");
        return median < 200;
    }
}
