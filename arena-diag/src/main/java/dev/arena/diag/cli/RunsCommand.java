package dev.arena.diag.cli;

import dev.arena.api.RunSummary;
import dev.arena.broker.RunId;
import dev.arena.diag.cli.support.Counts;
import dev.arena.diag.cli.support.ExitCodes;
import dev.arena.diag.redis.RedisInspector;
import dev.arena.diag.redis.Sentinel;
import dev.arena.diag.redis.StreamInfo;
import dev.arena.diag.server.ServerUnreachableException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code arena diag runs}: live and archived runs from the server; open runs from Redis when the server is down. */
@Command(name = "runs",
        description = "Runs, newest first (GET /runs). With the server down on Redis: the open runs from their sentinels.")
final class RunsCommand implements Callable<Integer> {

    /** One row of the JSON output. */
    record Row(String runId, String parentRunId, String status, Instant startedAt, Instant finishedAt, long lastSeq,
               long eventCount, String source) {
    }

    @Mixin
    DiagOptions options;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", converter = LimitRange.class,
            description = "Show at most N runs (1 to 10000, the server's bound). Default: ${DEFAULT-VALUE}.")
    int limit;

    /** {@code --limit}: 1 to 10000, what {@code GET /runs} accepts. */
    static final class LimitRange implements picocli.CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return Counts.parse(value, 1, 10_000);
        }
    }

    @Option(names = "--status", paramLabel = "STATUS", description = "Only runs in this status: running, complete, error, reaped, cancelled.")
    String status;

    @Override
    public Integer call() {
        return options.execute(false, this::body);
    }

    private int body(Invocation inv) {
        if (status != null && !List.of("running", "complete", "error", "reaped", "cancelled").contains(status)) {
            throw new IllegalArgumentException("--status '" + status + "' is not a run status: use running, complete, error, reaped or cancelled");
        }
        List<Row> rows = new ArrayList<>();
        String source;
        try {
            for (RunSummary r : inv.sources().server().runs()) {
                if (status == null || status.equals(r.status().wireName())) {
                    rows.add(new Row(r.runId(), r.parentRunId(), r.status().wireName(), r.startedAt(), r.finishedAt(), r.lastSeq(),
                            r.eventCount(), r.source().wireName()));
                }
            }
            source = "server";
        } catch (ServerUnreachableException e) {
            if (!inv.sources().redisSelected()) {
                throw e;
            }
            inv.warn("server unreachable; listing open runs from Redis sentinels only");
            RedisInspector redis = inv.sources().redis();
            List<RunId> open = redis.sentinels(Math.max(limit, 1)).sentinels().stream().map(Sentinel::runId).map(RunId::parse).toList();
            for (StreamInfo s : redis.streamInfos(open)) {
                rows.add(new Row(s.runId(), null, s.terminal() ? "closing" : "running", null, null, s.lastSeq(), s.length(), "redis"));
            }
            source = "redis";
        }
        List<Row> shown = rows.subList(0, Math.min(rows.size(), Math.max(0, limit)));
        if (inv.json()) {
            inv.printJson(Map.of("source", source, "total", rows.size(), "runs", shown));
            return ExitCodes.OK;
        }
        Table t = new Table("RUN", "STATUS", "LAST SEQ", "EVENTS", "STARTED", "FINISHED", "PARENT", "SOURCE");
        for (Row r : shown) {
            t.row(r.runId(), r.status().equals("running") ? inv.style().bold(r.status()) : r.status(), r.lastSeq(), r.eventCount(),
                    r.startedAt(), r.finishedAt(), r.parentRunId() == null ? "-" : r.parentRunId().substring(0, 8), r.source());
        }
        inv.out().print(t.isEmpty() ? "no runs\n" : t.render());
        if (rows.size() > shown.size()) {
            inv.out().println(inv.style().dim("(" + (rows.size() - shown.size()) + " more; use --limit)"));
        }
        return ExitCodes.OK;
    }
}
