package dev.arena.diag.cli;

import dev.arena.broker.RunId;
import dev.arena.config.ArenaConfig;
import dev.arena.config.Durations;
import dev.arena.diag.Status;
import dev.arena.diag.cli.support.Counts;
import dev.arena.diag.cli.support.PluginOutput;
import dev.arena.diag.redis.RedisInspector;
import dev.arena.diag.redis.Sentinel;
import dev.arena.diag.redis.SentinelScan;
import dev.arena.diag.redis.StreamInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code arena diag sentinels}: every open-run sentinel in Redis, by bounded pipelined SCAN. */
@Command(
        name = "sentinels",
        description = {
            "Open-run sentinels arena:run:{id}:open in Redis with their TTLs (bounded SCAN pages of 1000 with their TTLs; never KEYS).",
            "Exit 1 when a sentinel has no expiry; 2 with --details when an open run made no progress for ARENA_REAPER_GRACE."
        })
final class SentinelsCommand implements Callable<Integer>, MonitoringCheck {

    /** The shared diag flags; {@link DiagCommand} adds them to this command's spec. */
    final DiagOptions options = new DiagOptions();

    @Option(
            names = "--max",
            paramLabel = "N",
            defaultValue = "1000000",
            converter = Counts.Positive.class,
            description = "Key budget: stop after N sentinels (1 or more). Default: ${DEFAULT-VALUE}.")
    int max;

    @Option(
            names = "--details",
            description = "Also read each run's stream (length, head, tail, last event age), pipelined.")
    boolean details;

    @Override
    public Integer call() {
        return options.execute(false, this::body);
    }

    private int body(Invocation inv) {
        if (!inv.sources().redisSelected()) {
            throw new IllegalArgumentException(
                    "sentinels reads Redis: set ARENA_BROKER_BACKEND=redis (with REDIS_URL/REDIS_PASSWORD) or pass --redis URL");
        }
        RedisInspector redis = inv.sources().redis();
        if (inv.tty() && inv.format() == DiagOptions.Format.table) {
            inv.err().print(inv.style().dim("scanning " + redis.maskedUrl() + " …\r"));
            inv.err().flush();
        }
        SentinelScan scan = redis.sentinels(max);
        Map<String, StreamInfo> streams = new LinkedHashMap<>();
        if (details) {
            List<RunId> ids =
                    scan.sentinels().stream().map(s -> RunId.parse(s.runId())).toList();
            for (int from = 0; from < ids.size(); from += 1000) {
                redis.streamInfos(ids.subList(from, Math.min(ids.size(), from + 1000)))
                        .forEach(s -> streams.put(s.runId(), s));
            }
        }
        Duration grace = parentGrace(inv);
        Status status = Status.OK;
        long noTtl = scan.sentinels().stream().filter(s -> s.ttlMillis() == -1).count();
        if (noTtl > 0) {
            status = Status.WARNING;
        }
        long stale = streams.values().stream()
                .filter(s -> s.lastEventAgeMillis() != null && s.lastEventAgeMillis() > grace.toMillis())
                .count();
        if (stale > 0) {
            status = Status.CRITICAL;
        }
        if (inv.nagios()) {
            List<PluginOutput.Perf> perf = new ArrayList<>();
            perf.add(PluginOutput.Perf.gauge("sentinels", scan.sentinels().size()));
            perf.add(PluginOutput.Perf.gauge("sentinels_without_ttl", noTtl).warn("0"));
            if (details) {
                perf.add(PluginOutput.Perf.gauge("sentinels_without_progress", stale)
                        .crit("0"));
            }
            perf.add(new PluginOutput.Perf("scan_time", scan.tookMillis(), "ms", null, null, 0, null));
            String summary = scan.sentinels().size() + " open-run sentinel(s)"
                    + (noTtl > 0 ? ", " + noTtl + " without expiry" : "")
                    + (details
                            ? stale > 0
                                    ? ", " + stale + " without progress for " + Durations.humanize(grace)
                                    : ", all progressing"
                            : "")
                    + (scan.truncated() ? " (stopped at --max " + max + ")" : "")
                    + " in " + redis.maskedUrl() + ", scanned in " + scan.tookMillis() + " ms";
            return inv.printPlugin(new PluginOutput(status, summary, perf));
        }
        if (inv.json()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Sentinel s : scan.sentinels()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("run_id", s.runId());
                row.put("ttl_ms", s.ttlMillis());
                StreamInfo st = streams.get(s.runId());
                if (st != null) {
                    row.put("length", st.length());
                    row.put("head_seq", st.firstSeq());
                    row.put("last_seq", st.lastSeq());
                    row.put("last_event_kind", st.lastEventKind());
                    row.put("last_event_age_ms", st.lastEventAgeMillis());
                }
                rows.add(row);
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("redis", redis.maskedUrl());
            doc.put("count", scan.sentinels().size());
            doc.put("truncated", scan.truncated());
            doc.put("malformed_keys", scan.malformed());
            doc.put("took_ms", scan.tookMillis());
            doc.put("status", status.name());
            doc.put("sentinels", rows);
            inv.printJson(doc);
            return status.exitCode();
        }
        Table t = details
                ? new Table("RUN", "TTL", "LENGTH", "HEAD", "TAIL", "LAST EVENT", "AGE")
                : new Table("RUN", "TTL");
        for (Sentinel s : scan.sentinels()) {
            String ttl = s.ttlMillis() == -1
                    ? inv.style().status(Status.WARNING, "none")
                    : s.ttlMillis() < 0 ? "gone" : Durations.humanize(Duration.ofMillis(s.ttlMillis()));
            StreamInfo st = streams.get(s.runId());
            if (details && st != null) {
                String age = st.lastEventAgeMillis() == null
                        ? "-"
                        : Durations.humanize(Duration.ofMillis(st.lastEventAgeMillis()));
                if (st.lastEventAgeMillis() != null && st.lastEventAgeMillis() > grace.toMillis()) {
                    age = inv.style().status(Status.CRITICAL, age);
                }
                t.row(s.runId(), ttl, st.length(), st.firstSeq(), st.lastSeq(), st.lastEventKind(), age);
            } else {
                t.row(s.runId(), ttl);
            }
        }
        inv.out().print(t.isEmpty() ? "no open-run sentinels\n" : t.render());
        inv.out()
                .println(scan.sentinels().size() + " sentinel(s) in " + redis.maskedUrl() + ", scanned in "
                        + scan.tookMillis() + " ms"
                        + (scan.truncated() ? " (stopped at --max " + max + ")" : "")
                        + (scan.malformed() > 0 ? ", " + scan.malformed() + " malformed key(s) ignored" : "")
                        + " — status " + inv.style().status(status, status.name()));
        return status.exitCode();
    }

    /** ARENA_REAPER_GRACE; a bad value fails the command (exit 3, naming it), never a silent default. */
    private static Duration parentGrace(Invocation inv) {
        return ArenaConfig.from(inv.env()).reaperGrace();
    }
}
