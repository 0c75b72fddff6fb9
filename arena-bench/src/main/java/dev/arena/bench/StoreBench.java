package dev.arena.bench;

import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.config.ArenaConfig;
import dev.arena.config.StoreLocation;
import dev.arena.server.ArenaServer;
import dev.arena.store.RunStore;
import dev.arena.testkit.PostgresServer;
import dev.arena.time.Ticker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Store benchmark (docs/benchmarks.md "## Store"): {@code GET /runs} latency over HTTP with N archived runs
 * (default 100,000) on PostgreSQL and on DuckDB in the same run — two servers side by side, one per store,
 * the requests interleaved so both see the same machine load. The runs are bulk-loaded straight into the
 * {@code runs} table (after the store created or migrated its schema) with SQL, not archived one by one:
 * {@code GET /runs} reads only that table. PostgreSQL is a private server the benchmark starts itself
 * (arena-testkit {@link PostgresServer}: initdb on a free loopback port, fsync off).
 *
 * <p>Queries timed: the first page ({@code /runs?limit=50}), a page deep in the history
 * ({@code /runs?limit=50&before=<the run id half-way down>}), a status filter ({@code /runs?limit=50&status=error})
 * and the default page size ({@code /runs}, 1,000 runs).
 *
 * <p>Usage: {@code StoreBench [--runs 100000] [--requests 300] [--warmup 50]}. Prints p50/p90/p99/max per
 * query and store; exit code 0 (no target: the figure is a comparison).
 */
public final class StoreBench {

    private static final String[] STATUSES = {"complete", "error", "reaped", "cancelled"};

    public static void main(String[] args) throws Exception {
        int runs = 100_000;
        int requests = 300;
        int warmup = 50;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--requests" -> requests = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                default ->
                    throw new IllegalArgumentException(
                            "unknown option " + args[i] + "; use --runs N --requests N --warmup N");
            }
        }
        System.out.printf(
                Locale.ROOT,
                "StoreBench: %d cores, Java %s, %,d archived runs per store%n",
                Runtime.getRuntime().availableProcessors(),
                Runtime.version(),
                runs);
        Path dir = Files.createTempDirectory("arena-bench-store");
        try (PostgresServer pg = PostgresServer.startNew()) {
            StoreLocation duck = StoreLocation.duckDb(dir.resolve("bench.duckdb"));
            StoreLocation postgres = StoreLocation.parse(pg.url());
            long t0 = Ticker.system().nanos();
            load(duck, runs);
            System.out.printf(
                    Locale.ROOT, "loaded DuckDB in %d ms%n", (Ticker.system().nanos() - t0) / 1_000_000);
            t0 = Ticker.system().nanos();
            load(postgres, runs);
            System.out.printf(
                    Locale.ROOT,
                    "loaded PostgreSQL in %d ms%n",
                    (Ticker.system().nanos() - t0) / 1_000_000);

            try (InProcessEventBroker brokerA = new InProcessEventBroker();
                    InProcessEventBroker brokerB = new InProcessEventBroker();
                    ArenaServer duckServer = server(dir, duck.file().toString(), "duckdb", brokerA);
                    ArenaServer pgServer = server(dir, pg.url(), "postgresql", brokerB)) {
                HttpClient http = HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
                String middle = runIdAt(http, duckServer.url(), runs / 2);
                String middlePg = runIdAt(http, pgServer.url(), runs / 2);
                Map<String, String[]> queries = new LinkedHashMap<>();
                queries.put("first page, limit 50", new String[] {"/runs?limit=50", "/runs?limit=50"});
                queries.put(
                        "deep page (before = run " + runs / 2 + "), limit 50",
                        new String[] {"/runs?limit=50&before=" + middle, "/runs?limit=50&before=" + middlePg});
                queries.put(
                        "status=error, limit 50",
                        new String[] {"/runs?limit=50&status=error", "/runs?limit=50&status=error"});
                queries.put("default page (1000 runs)", new String[] {"/runs", "/runs"});
                System.out.printf(
                        Locale.ROOT,
                        "%-44s %-10s %8s %8s %8s %8s%n",
                        "GET /runs",
                        "store",
                        "p50 ms",
                        "p90 ms",
                        "p99 ms",
                        "max ms");
                for (Map.Entry<String, String[]> q : queries.entrySet()) {
                    long[][] timed = interleaved(
                            http,
                            duckServer.url() + q.getValue()[0],
                            pgServer.url() + q.getValue()[1],
                            warmup,
                            requests);
                    print(q.getKey(), "duckdb", timed[0]);
                    print(q.getKey(), "postgresql", timed[1]);
                }
            }
        } finally {
            deleteTree(dir);
        }
        System.exit(0);
    }

    /** Creates or migrates the schema through the store itself, then bulk-inserts {@code runs} rows with SQL. */
    static void load(StoreLocation where, int runs) throws Exception {
        RunStore.open(where).close();
        String sql =
                switch (where.kind()) {
                    case DUCKDB ->
                        "INSERT INTO runs SELECT uuid()::VARCHAR, NULL, ['" + String.join("','", STATUSES)
                                + "'][1 + i % 4],"
                                + " TIMESTAMP '2026-11-01 00:00:00' + to_seconds(i), TIMESTAMP '2026-11-01 00:01:00' + to_seconds(i), 40, 40"
                                + " FROM range(1, " + (runs + 1) + ") t(i)";
                    case POSTGRESQL ->
                        "INSERT INTO runs SELECT gen_random_uuid()::text, NULL, (ARRAY['" + String.join("','", STATUSES)
                                + "'])[1 + i % 4], timestamptz '2026-11-01 00:00:00+00' + i * interval '1 second',"
                                + " timestamptz '2026-11-01 00:01:00+00' + i * interval '1 second', 40, 40 FROM generate_series(1, "
                                + runs + ") AS i";
                };
        try (Connection c = connect(where);
                Statement s = c.createStatement()) {
            s.execute(sql);
            if (where.kind() == StoreLocation.Kind.POSTGRESQL) {
                s.execute("ANALYZE runs");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM runs")) {
                rs.next();
                if (rs.getLong(1) != runs) {
                    throw new IllegalStateException(
                            where.kind().wireName() + " holds " + rs.getLong(1) + " runs, expected " + runs);
                }
            }
        }
    }

    private static Connection connect(StoreLocation where) throws Exception {
        return where.kind() == StoreLocation.Kind.DUCKDB
                ? DriverManager.getConnection("jdbc:duckdb:" + where.file().toAbsolutePath())
                : DriverManager.getConnection(
                        where.jdbcUrl(), where.user(), where.password().orElse(null));
    }

    /** A server on its own port over {@code arenaDb} (an {@code ARENA_DB} value, password included). */
    private static ArenaServer server(Path dir, String arenaDb, String name, InProcessEventBroker broker)
            throws Exception {
        Map<String, String> env = Map.of(
                "ARENA_HTTP_PORT",
                "0",
                "ARENA_DB",
                arenaDb,
                "ARENA_AUDIT_LOG",
                dir.resolve("audit-" + name + ".jsonl").toString());
        return ArenaServer.builder(ArenaConfig.from(env)).broker(broker).build().start();
    }

    /** The run id at position {@code index} of the newest-first order, found by paging with the server's own cursor. */
    private static String runIdAt(HttpClient http, String base, int index) throws Exception {
        String before = null;
        int seen = 0;
        while (true) {
            String body = get(http, base + "/runs?limit=10000" + (before == null ? "" : "&before=" + before));
            List<String> ids = new ArrayList<>();
            Matcher m = Pattern.compile("\"run_id\":\"([0-9a-f-]{36})\"").matcher(body);
            while (m.find()) {
                ids.add(m.group(1));
            }
            if (ids.isEmpty()) {
                throw new IllegalStateException("fewer than " + index + " runs listed by " + base);
            }
            if (seen + ids.size() > index) {
                return ids.get(index - seen);
            }
            seen += ids.size();
            before = ids.get(ids.size() - 1);
        }
    }

    /** {@code requests} timed GETs of each URL, alternating between the two, after {@code warmup} untimed ones each. */
    private static long[][] interleaved(HttpClient http, String a, String b, int warmup, int requests)
            throws Exception {
        for (int i = 0; i < warmup; i++) {
            get(http, a);
            get(http, b);
        }
        long[][] micros = new long[2][requests];
        for (int i = 0; i < requests; i++) {
            boolean aFirst = i % 2 == 0;
            micros[aFirst ? 0 : 1][i] = timed(http, aFirst ? a : b);
            micros[aFirst ? 1 : 0][i] = timed(http, aFirst ? b : a);
        }
        return micros;
    }

    private static long timed(HttpClient http, String url) throws Exception {
        long t0 = Ticker.system().nanos();
        get(http, url);
        return (Ticker.system().nanos() - t0) / 1_000;
    }

    private static String get(HttpClient http, String url) throws Exception {
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

    private static void print(String query, String store, long[] micros) {
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "%-44s %-10s %8.2f %8.2f %8.2f %8.2f%n",
                query,
                store,
                pct(sorted, 0.50),
                pct(sorted, 0.90),
                pct(sorted, 0.99),
                sorted[sorted.length - 1] / 1000.0);
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1000.0;
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
