package dev.arena.bench;

import dev.arena.testkit.RedisServer;
import dev.arena.time.Ticker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many concurrent readers one server holds: the server runs in a child JVM
 * ({@link HoldServer}, {@code -Xmx512m}); this process opens {@code clients} readers of one run —
 * non-blocking SSE sockets read from a single selector thread ({@link NioSseClients}), or
 * WebSocket clients ({@link WsClients}) — each transport against a fresh server. Once the server
 * counts every reader as a subscriber it reports the child's RSS (and its growth per reader) and
 * threads, its Redis connections (by client name), and checks that every reader received the next
 * live event.
 */
final class HoldBench {

    static final long RSS_TARGET_KB = 1024 * 1024;
    static final int REDIS_CONNECTIONS_TARGET = 4;

    private final int clients;
    private final List<String> transports;

    /** @param transports {@code sse}, {@code ws} or {@code both} */
    HoldBench(int clients, String transports) {
        this.clients = clients;
        this.transports = transports.equals("both") ? List.of("sse", "ws") : List.of(transports);
    }

    boolean run(String backends) throws Exception {
        boolean ok = true;
        if (!backends.equals("redis")) {
            for (String transport : transports) {
                ok &= hold("inprocess", null, transport);
            }
        }
        if (backends.equals("inprocess")) {
            return ok;
        }
        try (RedisServer redis = RedisServer.startNew()) {
            for (String transport : transports) {
                ok &= hold("redis", redis, transport);
            }
        }
        return ok;
    }

    private boolean hold(String backend, RedisServer redis, String transport) throws Exception {
        Path dir = Files.createTempDirectory("arena-bench-hold");
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                SseBench.class.getName(),
                "--serve",
                backend,
                redis == null ? "-" : redis.url(),
                dir.resolve("hold.duckdb").toString(),
                Integer.toString(clients));
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
                throw new IllegalStateException("the server JVM exited before it was ready");
            }
            String[] ready = line.split(" ");
            int port = Integer.parseInt(ready[1]);
            String run = ready[2];
            long pid = Long.parseLong(ready[3]);
            long rssBefore = status(pid, "VmRSS");
            long[] received = new long[clients];
            BenchReaders.Reader counter = (i, data, now) -> received[i] += data.remaining();
            try (BenchReaders sockets = transport.equals("sse")
                    ? new NioSseClients(port, run, clients, counter)
                    : new WsClients(port, i -> "run_id=" + run, clients, 4, counter)) {
                long started = Ticker.system().nanos();
                sockets.connectAll();
                HttpClient http = HttpClient.newHttpClient();
                long subscribers = 0;
                long deadline = Ticker.system().nanos() + 120_000_000_000L;
                while (Ticker.system().nanos() < deadline && (subscribers = subscribers(http, port)) < clients) {
                    sockets.pump(200);
                }
                double connectSeconds = (Ticker.system().nanos() - started) / 1e9;
                long[] before = received.clone();
                int live = 0;
                long liveDeadline = Ticker.system().nanos() + 15_000_000_000L;
                while (live < clients && Ticker.system().nanos() < liveDeadline) {
                    sockets.pump(250);
                    live = 0;
                    for (int i = 0; i < clients; i++) {
                        if (received[i] > before[i]) {
                            live++;
                        }
                    }
                }
                long rss = status(pid, "VmRSS");
                long hwm = status(pid, "VmHWM");
                long threads = status(pid, "Threads");
                int redisConnections = redis == null ? 0 : redisConnections(redis, pid);
                boolean ok = subscribers >= clients
                        && live == clients
                        && rss < RSS_TARGET_KB
                        && (redis == null || redisConnections <= REDIS_CONNECTIONS_TARGET);
                System.out.printf(
                        Locale.ROOT,
                        "%s clients held [%s]: %,d of %,d subscribed in %.1f s, %,d received the next live "
                                + "event; server RSS %d MiB (peak %d MiB, %d MiB before clients, %.1f KiB per reader), "
                                + "%d threads%s (targets %,d clients < 1 GiB%s) %s%n",
                        transport.equals("sse") ? "SSE" : "WebSocket",
                        backend,
                        subscribers,
                        clients,
                        connectSeconds,
                        live,
                        rss / 1024,
                        hwm / 1024,
                        rssBefore / 1024,
                        (rss - rssBefore) / (double) clients,
                        threads,
                        redis == null ? "" : ", " + redisConnections + " Redis connections",
                        clients,
                        redis == null ? "" : ", <= 4 Redis connections",
                        ok ? "OK" : "MISSED");
                return ok;
            }
        } finally {
            child.getOutputStream().close();
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }

    private static long subscribers(HttpClient http, int port) {
        try {
            String body = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher m = Pattern.compile("\"subscribers\":(\\d+)").matcher(body);
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        } catch (Exception e) {
            return 0;
        }
    }

    /** Connections named {@code arena-server@host:PID…} in {@code CLIENT LIST} (via redis-cli). */
    private static int redisConnections(RedisServer redis, long pid) throws Exception {
        Process cli = new ProcessBuilder(
                        "redis-cli", "-h", redis.host(), "-p", Integer.toString(redis.port()), "CLIENT", "LIST")
                .redirectErrorStream(true)
                .start();
        String list = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        cli.waitFor();
        Pattern named = Pattern.compile("name=arena-server@\\S*:" + pid + "(\\D|$)");
        int n = 0;
        for (String l : list.split("\n")) {
            if (named.matcher(l).find()) {
                n++;
            }
        }
        if (n == 0) {
            throw new IllegalStateException("no connection of the server (pid " + pid + ") in CLIENT LIST:\n" + list);
        }
        return n;
    }

    /** A field of /proc/PID/status in kB (or a count for Threads). */
    private static long status(long pid, String field) throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (l.startsWith(field + ":")) {
                return Long.parseLong(l.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }
}
