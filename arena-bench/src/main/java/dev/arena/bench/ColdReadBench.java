package dev.arena.bench;

import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.RunId;
import dev.arena.config.StoreLocation;
import dev.arena.store.RunStore;
import dev.arena.store.StoredRun;
import dev.arena.testkit.PostgresServer;
import dev.arena.time.Ticker;
import dev.arena.wire.RunStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A late reader of a finished run, served from the store (docs/benchmarks.md "## Tiered history"): a finished run of
 * N ~250-byte events (default 1,000,000) is written to a DuckDB file and to a private PostgreSQL (arena-testkit
 * {@link PostgresServer}) through {@link RunStore#persist} in batches, as the archiver writes it; then, per store, an
 * {@code arena server} in a child JVM with a bounded heap ({@code -Xmx}, default 256 MiB — far less than the run
 * would take if it were loaded whole) and an in-process broker that holds no run streams it to one raw SSE client
 * from seq 1. It reports events per second (request sent → last event received), the server's CPU time per event,
 * and the server's heap used after a full GC before the read, half-way through it and after it.
 *
 * <p>Usage: {@code ColdReadBench [--events N] [--store duckdb|postgresql|both] [--xmx 256m]}; the system property
 * {@code arena.bench.server.jvm} adds JVM options to the server's (e.g. a JFR recording). Exit code 0 when every
 * store streamed every event at ≥ 100,000 events/s, 1 otherwise.
 */
public final class ColdReadBench {

    static final double TARGET = 100_000;
    /** {@code \nid: } — the start of every SSE frame's first line (after the headers' or the previous frame's newline). */
    private static final long FRAME_START = 0x0A69643A20L;

    private final int events;
    private final String xmx;

    private ColdReadBench(int events, String xmx) {
        this.events = events;
        this.xmx = xmx;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--serve")) {
            ColdServer.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        int events = 1_000_000;
        String store = "both";
        String xmx = "256m";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[i + 1]);
                case "--store" -> store = args[i + 1];
                case "--xmx" -> xmx = args[i + 1];
                default ->
                    throw new IllegalArgumentException(
                            "unknown option " + args[i] + "; use --events N --store duckdb|postgresql|both --xmx SIZE");
            }
        }
        System.out.printf(
                Locale.ROOT,
                "ColdReadBench: a finished run of %,d events, server -Xmx%s, %d cores, Java %s, load average %s%n",
                events,
                xmx,
                Runtime.getRuntime().availableProcessors(),
                Runtime.version(),
                Bench.loadAverage());
        ColdReadBench bench = new ColdReadBench(events, xmx);
        boolean ok = true;
        Path dir = Files.createTempDirectory("arena-bench-cold");
        try {
            if (!store.equals("postgresql")) {
                ok &= bench.run("duckdb", StoreLocation.duckDb(dir.resolve("bench.duckdb")), dir);
            }
            if (!store.equals("duckdb")) {
                try (PostgresServer pg = PostgresServer.startNew()) {
                    ok &= bench.run("postgresql", StoreLocation.parse(pg.url()), dir, pg.url());
                }
            }
        } finally {
            Bench.deleteTree(dir);
        }
        System.out.println("load average when done: " + Bench.loadAverage());
        System.exit(ok ? 0 : 1);
    }

    private boolean run(String name, StoreLocation where, Path dir) throws Exception {
        return run(name, where, dir, where.file().toString());
    }

    private boolean run(String name, StoreLocation where, Path dir, String arenaDb) throws Exception {
        RunId run = RunId.random();
        long t0 = Ticker.system().nanos();
        try (RunStore store = RunStore.open(where)) {
            write(store, run);
        }
        System.out.printf(
                Locale.ROOT,
                "%n== %s: %,d events written through RunStore.persist in %.1f s ==%n",
                name,
                events,
                (Ticker.system().nanos() - t0) / 1e9);
        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + xmx));
        String extra = System.getProperty("arena.bench.server.jvm", "").strip(); // e.g. a JFR recording
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        cmd.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                ColdReadBench.class.getName(),
                "--serve",
                arenaDb,
                dir.resolve("audit-" + name + ".jsonl").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process child = pb.start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("READY ")) {
                // skip start-up output
            }
            if (line == null) {
                throw new IllegalStateException("the server exited before it was ready");
            }
            int port = Integer.parseInt(line.split(" ")[1]);
            BlockingQueue<Long> heaps = new LinkedBlockingQueue<>();
            Thread lines = new Thread(
                    () -> {
                        try {
                            for (String l = out.readLine(); l != null; l = out.readLine()) {
                                if (l.startsWith("HEAP ")) {
                                    heaps.add(Long.parseLong(l.substring(5).trim()));
                                }
                            }
                        } catch (IOException e) {
                            // the child ended
                        }
                    },
                    "cold-server-stdout");
            lines.setDaemon(true);
            lines.start();
            var ask = child.outputWriter(StandardCharsets.UTF_8);
            long before = heap(ask, heaps);
            Duration cpuBefore = child.info().totalCpuDuration().orElse(Duration.ZERO);
            long[] result = read(port, run, ask);
            Duration cpu = child.info().totalCpuDuration().orElse(Duration.ZERO).minus(cpuBefore);
            long during = heaps.poll(60, TimeUnit.SECONDS);
            long after = heap(ask, heaps);
            long received = result[0];
            double seconds = result[1] / 1e9;
            double rate = received / seconds;
            boolean met = received == events && rate >= TARGET;
            System.out.printf(
                    Locale.ROOT,
                    "  SSE from seq 1: %,d of %,d events in %.2f s = %,.0f events/s (target %,.0f: %s); %,.1f MB read%n",
                    received,
                    events,
                    seconds,
                    rate,
                    TARGET,
                    met ? "met" : "NOT met",
                    result[2] / 1e6);
            System.out.printf(
                    Locale.ROOT,
                    "  server CPU %.2f s = %.2f us per event (the GC asked for half-way included)%n",
                    cpu.toNanos() / 1e9,
                    cpu.toNanos() / 1e3 / Math.max(1, received));
            System.out.printf(
                    Locale.ROOT,
                    "  server heap used after full GC: before %.1f MB, half-way %.1f MB, after %.1f MB"
                            + " (growth half-way %+.1f MB) under -Xmx%s%n",
                    before / 1e6,
                    during / 1e6,
                    after / 1e6,
                    (during - before) / 1e6,
                    xmx);
            return met;
        } finally {
            child.getOutputStream().close();
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }

    private static long heap(java.io.BufferedWriter ask, BlockingQueue<Long> heaps) throws Exception {
        ask.write("heap\n");
        ask.flush();
        Long used = heaps.poll(60, TimeUnit.SECONDS);
        if (used == null) {
            throw new IllegalStateException("the server did not answer a heap request within 60 s");
        }
        return used;
    }

    /** The run as the archiver would leave it: {@code run.start}, agent signals, {@code run.complete}. */
    private void write(RunStore store, RunId run) {
        Instant start = Instant.parse("2026-12-01T00:00:00Z");
        List<Envelope> batch = new ArrayList<>();
        for (long seq = 1; seq <= events; seq++) {
            Event e = seq == 1
                    ? Event.of("run.start", Map.of("bench", "cold-read"))
                    : seq == events
                            ? Event.of("run.complete")
                            : Event.of(
                                            "agent.signal",
                                            Map.of(
                                                    "agent",
                                                    "agent-" + (seq % 8),
                                                    "step",
                                                    seq,
                                                    "text",
                                                    "x".repeat(40 + (int) (seq % 16))))
                                    .withPhase("analysis");
            batch.add(Envelope.of(run, seq, e, start.plusMillis(seq)));
            if (batch.size() == 10_000 || seq == events) {
                boolean last = seq == events;
                store.persist(
                        new StoredRun(
                                run,
                                null,
                                last ? RunStatus.COMPLETE : RunStatus.RUNNING,
                                start,
                                last ? start.plusMillis(seq) : null,
                                seq,
                                batch.size()),
                        batch);
                batch.clear();
            }
        }
    }

    /**
     * Reads {@code /events?run_id=run} from seq 1 until the last event, counting frames; asks the server for its heap
     * half-way. Returns {events received, nanos from the request to the last event, bytes read}.
     */
    private long[] read(int port, RunId run, java.io.BufferedWriter ask) throws IOException {
        try (SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            byte[] request = ("GET /events?run_id=" + run + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024);
            long start = Ticker.system().nanos();
            ch.write(ByteBuffer.wrap(request));
            long window = 0;
            long count = 0;
            long bytes = 0;
            boolean asked = false;
            while (count < events) {
                buf.clear();
                int n = ch.read(buf);
                if (n < 0) {
                    break;
                }
                bytes += n;
                buf.flip();
                while (buf.hasRemaining()) {
                    window = ((window << 8) | (buf.get() & 0xFF)) & 0xFFFFFFFFFFL;
                    if (window == FRAME_START) {
                        count++;
                    }
                }
                if (!asked && count >= events / 2) {
                    asked = true;
                    ask.write("heap\n");
                    ask.flush();
                }
            }
            return new long[] {count, Ticker.system().nanos() - start, bytes};
        }
    }
}
