package dev.arena.diag.bundle;

import dev.arena.broker.RunId;
import dev.arena.config.ArenaConfig;
import dev.arena.config.RedisUrl;
import dev.arena.config.Secrets;
import dev.arena.config.StoreLocation;
import dev.arena.diag.action.AuditLog;
import dev.arena.diag.doctor.Doctor;
import dev.arena.diag.redis.RedisInspector;
import dev.arena.diag.source.DiagSources;
import dev.arena.diag.triage.NextStep;
import dev.arena.diag.triage.Triage;
import dev.arena.diag.triage.TriageReport;
import dev.arena.error.ArenaException;
import dev.arena.wire.ForkTaskView;
import dev.arena.wire.Health;
import dev.arena.wire.RunDetail;
import dev.arena.wire.ServerMetrics;
import dev.arena.wire.WireJson;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Collects what the stuck-fork runbook asks a bug report to hold (runbooks/stuck-fork.md, "File the bug"):
 * triage, run detail, the last events, the fork task and its stack, metrics over a window, doctor, the run's
 * Redis keys with XINFO/TTL and {@code CLIENT LIST}, server health (also its liveness and readiness) and version, the configuration with secrets
 * masked and the audit tail. A part whose source is down or that has nothing to show is recorded as missing
 * with the reason, never fatal: a bundle of a broken system is exactly when one is needed. Bounded: one
 * observation window plus a few requests and one SSE read of at most {@code events} events.
 *
 * <p>Values are returned, not written: the caller serialises them and scrubs every secret once more.
 */
public final class BugBundle {

    /** How many audit lines the bundle keeps. */
    static final int AUDIT_TAIL = 200;

    private final DiagSources sources;
    private final Map<String, String> env;
    private final Duration window;
    private final int events;
    private final Clock clock;

    /**
     * @param env    the environment of this shell (for the masked configuration and its settings)
     * @param window how long to observe the run (triage) and the metrics between their two samples
     * @param events how many of the run's newest events to include (1 to 10,000)
     */
    public BugBundle(DiagSources sources, Map<String, String> env, Duration window, int events, Clock clock) {
        this.sources = sources;
        this.env = Map.copyOf(env);
        this.window = window;
        this.events = events;
        this.clock = clock;
    }

    /** Every part for {@code run}, collected or missing, in archive order (the manifest comes from these). */
    public List<BundlePart> collect(RunId run) {
        ArenaConfig config = ArenaConfig.from(env);
        List<BundlePart> parts = new ArrayList<>();
        Optional<ServerMetrics> before = attempt(() -> sources.server().metrics());
        Instant beforeAt = clock.instant();
        TriageReport triage = new Triage(sources, window, config.forkStuckAfter()).triage(run);
        Optional<ServerMetrics> after = attempt(() -> sources.server().metrics());
        Instant afterAt = clock.instant();
        parts.add(BundlePart.of(
                "triage.txt",
                "triage: verdict, evidence and next steps, as `arena diag triage` prints them",
                triageText(triage)));
        parts.add(BundlePart.of("triage.json", "triage report (arena diag triage -o json)", triage));
        RunDetail detail = triage.run();
        parts.add(
                detail != null
                        ? BundlePart.of(
                                "run.json",
                                "GET /runs/" + run + ": status, head/last seq, subscribers, sentinel TTL",
                                detail)
                        : BundlePart.missing(
                                "run.json", "GET /runs/" + run, serverWhy("the server does not know the run (404)")));
        parts.add(events(run, detail));
        parts.addAll(fork(run, triage.fork()));
        parts.add(metrics(before, after, beforeAt, afterAt));
        parts.add(section("doctor.json", "arena diag doctor: every environment check", () -> new Doctor(
                        sources, env, config.reaperGrace())
                .run()));
        parts.addAll(redis(run));
        parts.add(section(
                "health.json",
                "GET /health: status, backend, Redis (masked), store (masked), uptime, server version",
                () -> sources.server().health()));
        parts.add(section(
                "live.json",
                "GET /health/live: the server's liveness (touches neither Redis nor the store)",
                () -> sources.server().live()));
        parts.add(section(
                "ready.json",
                "GET /health/ready: readiness per dependency (broker, store, registry)",
                () -> sources.server().ready()));
        parts.add(BundlePart.of("version.json", "versions: this CLI, the server, Java, OS", versions()));
        parts.add(BundlePart.of(
                "config.json",
                "configuration of this shell (ARENA_*/REDIS_* and what they resolve to), secrets masked",
                config(config)));
        parts.add(audit(config));
        return parts;
    }

    private BundlePart events(RunId run, RunDetail detail) {
        String what = "the run's newest " + events + " events, oldest first, one envelope per line";
        if (detail != null && detail.lastSeq() > 0) {
            long from = Math.max(Math.max(1, detail.headSeq()), detail.lastSeq() - events + 1);
            Optional<List<String>> read =
                    attempt(() -> sources.server().events(run, from, detail.lastSeq(), Duration.ofSeconds(5)));
            if (read.isPresent() && !read.get().isEmpty()) {
                return BundlePart.of("events.jsonl", what + " (GET /events from seq " + from + ")", lines(read.get()));
            }
        }
        if (sources.redisSelected()) {
            Optional<List<String>> read = attempt(() -> sources.redis().lastEvents(run, Math.min(events, 1000)));
            if (read.isPresent() && !read.get().isEmpty()) {
                return BundlePart.of("events.jsonl", what + " (XREVRANGE, at most 1000)", lines(read.get()));
            }
        }
        return BundlePart.missing(
                "events.jsonl",
                what,
                detail == null
                        ? serverWhy("the server does not know the run")
                                + (sources.redisSelected() ? "; Redis holds no events for it" : "")
                        : "no event retained");
    }

    private List<BundlePart> fork(RunId run, ForkTaskView fork) {
        if (fork == null) {
            Optional<List<ForkTaskView>> all = attempt(() -> sources.server().forks());
            String why = all.isPresent() ? "no fork task produces run " + run + " (GET /debug/forks)" : serverWhy("");
            return List.of(
                    BundlePart.missing("fork.json", "the fork task producing the run, with its worker stack", why));
        }
        List<BundlePart> out = new ArrayList<>();
        out.add(BundlePart.of(
                "fork.json",
                "GET /debug/forks entry of the fork task producing the run: stage, idle, liveness, stack, error",
                fork));
        StringBuilder stack = new StringBuilder(fork.name() + " " + fork.state() + " stage " + fork.stage()
                + (fork.liveness() == null ? "" : " liveness " + fork.liveness()) + "\n");
        fork.stack().forEach(f -> stack.append("    at ").append(f).append('\n'));
        if (fork.stack().isEmpty()) {
            stack.append("    (no stack: the task is not running on a worker)\n");
        }
        if (fork.error() != null) {
            stack.append("error: ").append(fork.error()).append('\n');
        }
        out.add(BundlePart.of("fork-stack.txt", "the fork task's worker stack, top first", stack.toString()));
        return out;
    }

    private BundlePart metrics(
            Optional<ServerMetrics> before, Optional<ServerMetrics> after, Instant beforeAt, Instant afterAt) {
        String what = "GET /metrics twice, over the observation window, and the change of each counter";
        if (before.isEmpty() || after.isEmpty()) {
            return BundlePart.missing("metrics.json", what, serverWhy(""));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("window_ms", Duration.between(beforeAt, afterAt).toMillis());
        out.put("first", before.get());
        out.put("second", after.get());
        Map<String, Long> delta = new LinkedHashMap<>();
        Map<String, Object> a = WireJson.fields(before.get());
        WireJson.fields(after.get()).forEach((name, value) -> {
            if (value instanceof Long now && a.get(name) instanceof Long then) {
                delta.put(name, now - then);
            }
        });
        out.put("delta", delta);
        return BundlePart.of("metrics.json", what, out);
    }

    private List<BundlePart> redis(RunId run) {
        String what = "the run's Redis keys (TYPE, PTTL), XINFO STREAM of its events, Redis server facts";
        String clients = "CLIENT LIST: every connection to Redis (arena clients name themselves)";
        if (!sources.redisSelected()) {
            String why = "backend " + sources.context().backend().wireName()
                    + ": no Redis to inspect (pass --redis URL to include it)";
            return List.of(
                    BundlePart.missing("redis.json", what, why), BundlePart.missing("redis-clients.txt", clients, why));
        }
        List<BundlePart> out = new ArrayList<>();
        try {
            RedisInspector redis = sources.redis();
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("url", redis.maskedUrl());
            doc.put("server", redis.serverInfo());
            doc.put("keys", redis.keyFacts(run));
            doc.put("stream", redis.streamInfo(run));
            doc.put("xinfo_stream", redis.xinfoStream(run));
            out.add(BundlePart.of("redis.json", what, doc));
            out.add(BundlePart.of("redis-clients.txt", clients, redis.clientListText()));
        } catch (ArenaException e) {
            out.add(BundlePart.missing("redis.json", what, e.getMessage()));
            out.add(BundlePart.missing("redis-clients.txt", clients, e.getMessage()));
        }
        return out;
    }

    private BundlePart audit(ArenaConfig config) {
        String what = "the newest " + AUDIT_TAIL + " lines of this shell's audit log (" + config.auditLog() + ")";
        if (!Files.exists(config.auditLog())) {
            return BundlePart.missing(
                    "audit-tail.jsonl",
                    what,
                    "no audit log at " + config.auditLog()
                            + " (nothing audited from this shell, or ARENA_AUDIT_LOG points elsewhere)");
        }
        List<String> lines = new ArrayList<>();
        new AuditLog(config.auditLog()).tail(AUDIT_TAIL).forEach(e -> lines.add(WireJson.write(e)));
        return BundlePart.of("audit-tail.jsonl", what, lines(lines));
    }

    private Map<String, Object> versions() {
        Map<String, Object> out = new LinkedHashMap<>();
        String cli = BugBundle.class.getPackage() == null
                ? null
                : BugBundle.class.getPackage().getImplementationVersion();
        out.put("cli", cli == null ? "dev" : cli);
        out.put(
                "server",
                attempt(() -> sources.server().health()).map(Health::version).orElse(null));
        out.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        out.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        return out;
    }

    private Map<String, Object> config(ArenaConfig config) {
        Map<String, String> vars = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("ARENA_") || name.startsWith("REDIS_")) {
                vars.put(name, masked(name, value));
            }
        });
        Map<String, Object> effective = new LinkedHashMap<>();
        effective.put("backend", config.backend().wireName());
        effective.put("redis_url", config.maskedRedisUrl());
        effective.put("server_url", Secrets.maskUrl(sources.context().serverUrl()));
        effective.put(
                "redis_inspected", sources.redisSelected() ? sources.context().maskedRedisUrl() : null);
        effective.put("fork_stuck_after", config.forkStuckAfter().toString());
        effective.put("reaper_grace", config.reaperGrace().toString());
        effective.put(
                "store", config.store().kind().wireName() + " " + config.store().masked());
        effective.put("audit_log", config.auditLog().toString());
        effective.put("admin_token", Secrets.mask(config.adminToken().orElse(null)));
        effective.put("readonly", sources.context().readonly());
        effective.put("env_label", config.envLabel().orElse(null));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("environment", vars);
        out.put("effective", effective);
        return out;
    }

    /** A variable's value as a bundle may show it: secrets masked, URLs without their password. */
    static String masked(String name, String value) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (upper.contains("PASSWORD")
                || upper.contains("TOKEN")
                || upper.contains("SECRET")
                || upper.endsWith("_KEY")) {
            return Secrets.mask(value);
        }
        if (upper.equals("ARENA_DB")) {
            return StoreLocation.mask(value);
        }
        return value != null && value.contains("://")
                ? (value.startsWith("redis") ? RedisUrl.mask(value) : Secrets.maskUrl(value))
                : value;
    }

    private BundlePart section(String name, String what, Supplier<Object> read) {
        try {
            return BundlePart.of(name, what, read.get());
        } catch (ArenaException e) {
            return BundlePart.missing(name, what, e.getMessage());
        }
    }

    private String serverWhy(String known) {
        Optional<Health> health = attempt(() -> sources.server().health());
        if (health.isEmpty()) {
            return "server " + sources.context().serverUrl() + " unreachable";
        }
        return known.isEmpty() ? "the server did not answer it" : known;
    }

    private static <T> Optional<T> attempt(Supplier<T> read) {
        try {
            return Optional.ofNullable(read.get());
        } catch (ArenaException e) {
            return Optional.empty();
        }
    }

    private static String lines(List<String> lines) {
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    private static String triageText(TriageReport r) {
        StringBuilder b = new StringBuilder("triage " + r.runId() + "\n");
        r.evidence().forEach(e -> b.append("  ").append(e).append('\n'));
        b.append("\nverdict: ")
                .append(r.verdict().label())
                .append(" (")
                .append(r.status())
                .append(")\n  ")
                .append(r.headline())
                .append('\n');
        if (!r.nextSteps().isEmpty()) {
            b.append("\nnext steps (most preferred first):\n");
            int i = 1;
            for (NextStep s : r.nextSteps()) {
                b.append("  ").append(i++).append(". ").append(s.action()).append('\n');
                if (s.command() != null) {
                    b.append("       ").append(s.command()).append('\n');
                }
                if (s.raw() != null) {
                    b.append("       raw: ").append(s.raw()).append('\n');
                }
            }
        }
        return b.toString();
    }
}
