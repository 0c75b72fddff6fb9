package dev.arena.diag.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.RunId;
import dev.arena.broker.redis.RedisKeys;
import dev.arena.config.Durations;
import dev.arena.diag.DiagException;
import dev.arena.diag.Status;
import dev.arena.diag.cli.support.Counts;
import dev.arena.diag.cli.support.ExitCodes;
import dev.arena.diag.redis.StreamInfo;
import dev.arena.json.Json;
import dev.arena.wire.RunDetail;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code arena diag stream <run>}: both tiers of one run — the broker's head/tail seq, length and sentinel, the
 * store's first and last seq ({@code archived_through}, asked of the server) — and its last events.
 */
@Command(
        name = "stream",
        description =
                "One run's stream in both tiers: the broker's head/tail seq, length, sentinel TTL, the store's first/last seq (archived_through), last events. From Redis (XINFO STREAM, XREVRANGE) on Redis, else from the server.")
final class StreamCommand implements Callable<Integer> {

    /** The JSON output. */
    record View(
            String runId,
            String source,
            boolean exists,
            String status,
            long headSeq,
            long lastSeq,
            long length,
            Long sentinelTtlMs,
            Long seqCounter,
            Instant lastEventAt,
            Long lastEventAgeMs,
            Long storeFirstSeq,
            Long storeLastSeq,
            List<JsonNode> lastEvents) {}

    /** The shared diag flags; {@link DiagCommand} adds them to this command's spec. */
    final DiagOptions options = new DiagOptions();

    @Parameters(index = "0", paramLabel = "RUN", description = "Run id (lower-case UUID).")
    String run;

    @Option(
            names = "--last",
            paramLabel = "N",
            defaultValue = "5",
            converter = LastRange.class,
            description = "Show the last N events (0 to 1000). Default: ${DEFAULT-VALUE}.")
    int last;

    /** {@code --last}: 0 to 1000 events. */
    static final class LastRange implements picocli.CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return Counts.parse(value, 0, 1000);
        }
    }

    @Override
    public Integer call() {
        return options.execute(false, this::body);
    }

    private int body(Invocation inv) {
        RunId id = RunId.parse(run);
        int n = Math.max(0, Math.min(last, 1000));
        View v = inv.sources().redisSelected() ? fromRedis(inv, id, n) : fromServer(inv, id, n);
        if (v == null) {
            inv.err()
                    .println("arena diag stream: run " + id + " not found"
                            + (inv.sources().redisSelected()
                                    ? " in Redis (no " + RedisKeys.events(id) + ", no sentinel)"
                                    : " on the server"));
            return ExitCodes.CRITICAL;
        }
        if (inv.json()) {
            inv.printJson(v);
            return ExitCodes.OK;
        }
        inv.out().println("run " + v.runId() + " (" + v.source() + ")" + (v.status() != null ? ": " + v.status() : ""));
        Table t = new Table("FIELD", "VALUE");
        String tier = v.source().equals("redis") ? "redis" : "broker";
        t.row(tier + " head seq", v.headSeq())
                .row(tier + " tail seq", v.lastSeq())
                .row("length", v.length());
        t.row("store first seq", v.storeFirstSeq() == null ? "unknown (server not reachable)" : v.storeFirstSeq());
        t.row(
                "store last seq",
                v.storeLastSeq() == null ? "unknown (server not reachable)" : v.storeLastSeq() + " (archived_through)");
        if (v.source().equals("redis")) {
            t.row(
                    "sentinel",
                    v.sentinelTtlMs() == null
                            ? "absent (producer closed or gone)"
                            : v.sentinelTtlMs() < 0
                                    ? inv.style().status(Status.WARNING, "present, NO EXPIRY")
                                    : "present, TTL " + Durations.humanize(Duration.ofMillis(v.sentinelTtlMs())));
            t.row("seq counter", v.seqCounter());
            t.row("keys", String.join(" ", RedisKeys.all(id)));
        }
        t.row("last event at", v.lastEventAt());
        t.row("idle", v.lastEventAgeMs() == null ? null : Durations.humanize(Duration.ofMillis(v.lastEventAgeMs())));
        inv.out().print(t.render());
        if (!v.lastEvents().isEmpty()) {
            Table e = new Table("SEQ", "KIND", "TS", "PHASE");
            v.lastEvents()
                    .forEach(ev -> e.row(
                            ev.path("seq").asLong(),
                            ev.path("kind").asText(),
                            ev.path("ts").asText(),
                            ev.path("phase").asText("-")));
            inv.out().println("last " + v.lastEvents().size() + " event(s):");
            inv.out().print(e.render());
        }
        return ExitCodes.OK;
    }

    private static View fromRedis(Invocation inv, RunId id, int n) {
        StreamInfo s = inv.sources().redis().streamInfo(id);
        if (!s.exists() && !s.open()) {
            return null;
        }
        List<JsonNode> events = parse(n == 0 ? List.of() : inv.sources().redis().lastEvents(id, n));
        Optional<RunDetail> stored;
        try {
            stored = inv.sources().server().run(id);
        } catch (DiagException e) {
            stored = null;
        }
        return new View(
                id.value(),
                "redis",
                s.exists(),
                s.open() ? "open" : s.terminal() ? "closed" : "no sentinel",
                s.firstSeq(),
                s.lastSeq(),
                s.length(),
                s.sentinelTtlMillis(),
                s.seqCounter(),
                s.lastEventAt(),
                s.lastEventAgeMillis(),
                stored == null ? null : stored.map(RunDetail::archivedFrom).orElse(0L),
                stored == null ? null : stored.map(RunDetail::archivedThrough).orElse(0L),
                events);
    }

    private static View fromServer(Invocation inv, RunId id, int n) {
        Optional<RunDetail> d = inv.sources().server().run(id);
        if (d.isEmpty()) {
            return null;
        }
        RunDetail r = d.get();
        List<JsonNode> events = List.of();
        if (n > 0 && r.lastSeq() > 0) {
            long from = Math.max(Math.max(1, r.headSeq()), r.lastSeq() - n + 1);
            events = parse(inv.sources().server().events(id, from, r.lastSeq(), Duration.ofSeconds(3)));
        }
        Long age = r.idleSeconds() == null ? null : (long) (r.idleSeconds() * 1000);
        return new View(
                id.value(),
                "server",
                true,
                r.status().wireName(),
                r.headSeq(),
                r.lastSeq(),
                r.length(),
                r.sentinelTtlSeconds() == null ? null : r.sentinelTtlSeconds() * 1000,
                null,
                r.lastEventAt(),
                age,
                r.archivedFrom(),
                r.archivedThrough(),
                events);
    }

    private static List<JsonNode> parse(List<String> json) {
        List<JsonNode> out = new ArrayList<>();
        for (String j : json) {
            try {
                out.add(Json.parse(j));
            } catch (IllegalArgumentException e) {
                out.add(Json.mapper().getNodeFactory().textNode(j));
            }
        }
        return out;
    }
}
