package dev.arena.diag.cli;

import dev.arena.broker.RunId;
import dev.arena.diag.cli.support.Counts;
import dev.arena.diag.cli.support.ExitCodes;
import dev.arena.diag.redis.RedisInspector;
import dev.arena.diag.redis.Sentinel;
import dev.arena.diag.redis.StreamInfo;
import dev.arena.diag.server.ServerUnreachableException;
import dev.arena.wire.RunStatus;
import dev.arena.wire.RunSummary;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code arena diag runs}: live and archived runs from the server; open runs from Redis when the server is down. */
@Command(
        name = "runs",
        description =
                "Runs, newest first (GET /runs), a page at a time (--limit, --before). With the server down on Redis: the open runs from their sentinels.")
final class RunsCommand implements Callable<Integer> {

    private static boolean isInstant(String text) {
        try {
            Instant.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** One row of the JSON output: the fields of {@code GET /runs} (source {@code redis} when read from the sentinels). */
    record Row(
            String runId,
            String parentRunId,
            String status,
            Instant startedAt,
            Instant finishedAt,
            long lastSeq,
            long eventCount,
            String source) {}

    /** The shared diag flags; {@link DiagCommand} adds them to this command's spec. */
    final DiagOptions options = new DiagOptions();

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "50",
            converter = LimitRange.class,
            description = "Show at most N runs (1 to 10000, the server's bound). Default: ${DEFAULT-VALUE}.")
    int limit;

    /** {@code --limit}: 1 to 10000, what {@code GET /runs} accepts. */
    static final class LimitRange implements picocli.CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return Counts.parse(value, 1, 10_000);
        }
    }

    @Option(
            names = "--status",
            paramLabel = "STATUS",
            description = "Only runs in this status: running, complete, error, reaped, cancelled.")
    String status;

    @Option(
            names = "--before",
            paramLabel = "RUN|INSTANT",
            description =
                    "Page on: the runs after this run id (the last one of the previous page), or started before this ISO-8601 instant.")
    String before;

    @Override
    public Integer call() {
        return options.execute(false, this::body);
    }

    private int body(Invocation inv) {
        RunStatus wanted = status == null
                ? null
                : Arrays.stream(RunStatus.values())
                        .filter(st -> st.wireName().equals(status))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("--status '" + status
                                + "' is not a run status: use running, complete, error, reaped or cancelled"));
        if (before != null && !RunId.isValid(before) && !isInstant(before)) {
            throw new IllegalArgumentException(
                    "--before '" + before + "' is neither a run id (the last run of the previous page)"
                            + " nor an ISO-8601 instant such as 2026-11-22T06:46:21Z");
        }
        List<Row> rows = new ArrayList<>();
        try {
            for (RunSummary r : inv.sources().server().runs(limit, wanted, before)) {
                rows.add(new Row(
                        r.runId(),
                        r.parentRunId(),
                        r.status().wireName(),
                        r.startedAt(),
                        r.finishedAt(),
                        r.lastSeq(),
                        r.eventCount(),
                        r.source().wireName()));
            }
        } catch (ServerUnreachableException e) {
            if (!inv.sources().redisSelected()) {
                throw e;
            }
            inv.warn(
                    "server unreachable; listing open runs from Redis sentinels only (no --status or --before paging)");
            RedisInspector redis = inv.sources().redis();
            List<RunId> open = redis.sentinels(Math.max(limit, 1)).sentinels().stream()
                    .map(Sentinel::runId)
                    .map(RunId::parse)
                    .toList();
            for (StreamInfo s : redis.streamInfos(open)) {
                rows.add(new Row(
                        s.runId(),
                        null,
                        s.terminal() ? "closing" : "running",
                        null,
                        null,
                        s.lastSeq(),
                        s.length(),
                        "redis"));
            }
        }
        List<Row> shown = rows.subList(0, Math.min(rows.size(), limit));
        if (inv.json()) {
            inv.printJson(shown);
            return ExitCodes.OK;
        }
        Table t = new Table("RUN", "STATUS", "LAST SEQ", "EVENTS", "STARTED", "FINISHED", "PARENT", "SOURCE");
        for (Row r : shown) {
            t.row(
                    r.runId(),
                    r.status().equals("running") ? inv.style().bold(r.status()) : r.status(),
                    r.lastSeq(),
                    r.eventCount(),
                    r.startedAt(),
                    r.finishedAt(),
                    r.parentRunId() == null ? "-" : r.parentRunId().substring(0, 8),
                    r.source());
        }
        inv.out().print(t.isEmpty() ? "no runs\n" : t.render());
        if (shown.size() == limit && !"redis".equals(shown.get(shown.size() - 1).source())) {
            inv.out()
                    .println(inv.style()
                            .dim("(more may follow: arena diag runs --limit " + limit
                                    + (status == null ? "" : " --status " + status) + " --before "
                                    + shown.get(shown.size() - 1).runId() + ")"));
        }
        return ExitCodes.OK;
    }
}
