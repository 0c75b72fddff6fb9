package dev.arena.tui.source;

import dev.arena.broker.Envelope;
import dev.arena.broker.RunId;
import dev.arena.diag.DiagContext;
import dev.arena.diag.DiagException;
import dev.arena.diag.action.AuditLog;
import dev.arena.diag.action.CommandRunner;
import dev.arena.diag.action.GuardedRunner;
import dev.arena.diag.action.PasswordCheck;
import dev.arena.diag.action.PasswordRotation;
import dev.arena.diag.action.ReapAction;
import dev.arena.diag.action.RotationRequest;
import dev.arena.diag.redis.RedisInspector;
import dev.arena.diag.redis.RedisUnavailableException;
import dev.arena.diag.redis.Sentinel;
import dev.arena.diag.redis.StreamInfo;
import dev.arena.diag.redis.Topology;
import dev.arena.diag.server.ServerClient;
import dev.arena.diag.source.DiagSources;
import dev.arena.diag.triage.Triage;
import dev.arena.time.Ticker;
import dev.arena.tui.guarded.GuardedSteps;
import dev.arena.tui.guarded.PendingAction;
import dev.arena.tui.text.Cells;
import dev.arena.tui.text.FailureText;
import dev.arena.wire.AuditEntry;
import dev.arena.wire.ForkTaskView;
import dev.arena.wire.Health;
import dev.arena.wire.ReaderList;
import dev.arena.wire.RunDetail;
import dev.arena.wire.RunStatus;
import dev.arena.wire.RunSummary;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's data and actions, taken from the diagnostics services so the console and
 * {@code arena diag} share one implementation: the server client for health, metrics, runs and
 * fork tasks; the Redis inspector for sentinels and streams when Redis is the backend (so the
 * runs panel works with the server down); {@link Triage}; {@link ReapAction} through the
 * {@link GuardedRunner}; the audit log. Statistics of runs not rescanned this refresh are carried
 * over from earlier ones. Thread-safe.
 */
public final class DiagConsoleSource implements ConsoleSource {

    private static final Duration REDIS_RETRY = Duration.ofSeconds(5);
    /** Per-run statistics stop being fetched once one refresh has spent this long on them. */
    private static final Duration DETAIL_TIME_BUDGET = Duration.ofSeconds(1);

    private final DiagContext context;
    private final String clientName;
    private final Clock clock;
    private final Ticker ticker;
    private final Path envFile;
    private final ScanBudget budget = new ScanBudget();
    private final Map<RunId, RunRow> details = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private DiagSources sources;
    private volatile CachedStream lastStream;

    /** The last stream read over SSE, reused while the run's last seq has not moved. */
    private record CachedStream(StreamDetail detail, int requested) {}
    /** When (on the ticker) Redis first failed since the last success; null while it answers. */
    private Long redisFailedAt;
    /** Why the last open-runs read from Redis had to do without the server, or null. */
    private volatile String runsWithoutServer;

    /**
     * @param clientName the Redis connection name, e.g. {@code arena-console@host:pid}
     * @param clock      wall time, for timestamps and ages shown
     * @param ticker     elapsed time, for the per-refresh scan budget and the Redis reconnect delay
     * @param envFile    the env file holding REDIS_PASSWORD that a password rotation rewrites
     */
    public DiagConsoleSource(DiagContext context, String clientName, Clock clock, Ticker ticker, Path envFile) {
        this.context = context;
        this.clientName = clientName;
        this.clock = clock;
        this.ticker = ticker;
        this.envFile = envFile;
        this.sources = new DiagSources(context, clientName, clock);
    }

    private ServerClient server() {
        synchronized (lock) {
            return sources.server();
        }
    }

    /** The Redis inspector; a failed connection is retried after a few seconds so the console recovers. */
    private RedisInspector redis() {
        synchronized (lock) {
            try {
                RedisInspector inspector = sources.redis();
                redisFailedAt = null;
                return inspector;
            } catch (RedisUnavailableException e) {
                if (redisFailedAt == null) {
                    redisFailedAt = ticker.nanos();
                } else if (ticker.since(redisFailedAt).compareTo(REDIS_RETRY) >= 0) {
                    sources.close();
                    sources = new DiagSources(context, clientName, clock);
                    redisFailedAt = null;
                }
                throw e;
            }
        }
    }

    private DiagSources warmSources() {
        synchronized (lock) {
            sources.server();
            if (sources.redisSelected()) {
                redis();
            }
            return sources;
        }
    }

    @Override
    public Health health() {
        return server().health();
    }

    @Override
    public String redisTopology() {
        if (!context.redisSelected()) {
            return null;
        }
        Topology t = redis().topology();
        return t.cluster() ? t.summary() : null;
    }

    @Override
    public MetricsSample metrics() {
        return MetricsSample.of(clock.instant(), server().metrics());
    }

    @Override
    public List<RunRow> openRuns(int limit, List<RunId> priority, int detailBudget) {
        return context.redisSelected()
                ? openRunsFromRedis(limit, priority, detailBudget)
                : openRunsFromServer(limit, priority, detailBudget);
    }

    private List<RunRow> openRunsFromServer(int limit, List<RunId> priority, int detailBudget) {
        List<RunRow> basic = new ArrayList<>();
        for (RunSummary s : server().runs(limit, RunStatus.RUNNING)) {
            if (s.isRunning() && RunId.isValid(s.runId()) && basic.size() < limit) {
                basic.add(undetailed(RunId.parse(s.runId()), s));
            }
        }
        List<RunId> ids = basic.stream().map(RunRow::runId).toList();
        long start = ticker.nanos();
        for (RunId id : budget.choose(ids, priority, detailBudget)) {
            if (ticker.since(start).compareTo(DETAIL_TIME_BUDGET) > 0) {
                break; // a slow server: the rest keep their earlier statistics until a later refresh
            }
            server().run(id).ifPresent(d -> details.put(id, row(d)));
        }
        return merge(basic);
    }

    private List<RunRow> openRunsFromRedis(int limit, List<RunId> priority, int detailBudget) {
        Map<RunId, RunSummary> known = new HashMap<>();
        try {
            for (RunSummary s : server().runs(1_000, RunStatus.RUNNING)) {
                if (RunId.isValid(s.runId())) {
                    known.put(RunId.parse(s.runId()), s);
                }
            }
            runsWithoutServer = null;
        } catch (DiagException serverDown) {
            // The runs panel works from Redis alone; parents and start times are then unknown: say so.
            runsWithoutServer = "open runs listed from Redis alone, parents and start times unknown: "
                    + FailureText.describe(serverDown);
        }
        Map<RunId, RunRow> basic = new LinkedHashMap<>();
        for (Sentinel s : redis().sentinels(limit).sentinels()) {
            RunId id = RunId.parse(s.runId());
            RunSummary sum = known.get(id);
            basic.put(
                    id,
                    new RunRow(
                            id,
                            sum == null ? null : parent(sum.parentRunId()),
                            "running",
                            sum == null ? null : sum.startedAt(),
                            sum == null ? 0 : sum.lastSeq(),
                            null,
                            null,
                            null,
                            s.ttlMillis() >= 0 ? Duration.ofMillis(s.ttlMillis()) : null,
                            null,
                            false,
                            null,
                            null));
        }
        // Runs the server still calls running but whose sentinel is gone: orphans, shown so.
        for (Map.Entry<RunId, RunSummary> e : known.entrySet()) {
            if (e.getValue().isRunning() && !basic.containsKey(e.getKey()) && basic.size() < limit) {
                basic.put(e.getKey(), undetailed(e.getKey(), e.getValue()));
            }
        }
        List<RunId> ids = new ArrayList<>(basic.keySet());
        List<RunId> chosen = budget.choose(ids, priority, detailBudget);
        if (!chosen.isEmpty()) {
            for (StreamInfo info : redis().streamInfos(chosen)) {
                RunId id = RunId.parse(info.runId());
                RunRow b = basic.get(id);
                details.put(id, row(b, info));
            }
        }
        return merge(new ArrayList<>(basic.values()));
    }

    /** Basic rows with the newest known statistics; a run that advanced since counts as just active. */
    private List<RunRow> merge(List<RunRow> basic) {
        List<RunRow> out = new ArrayList<>(basic.size());
        Set<RunId> live = new HashSet<>();
        for (RunRow b : basic) {
            live.add(b.runId());
            RunRow d = details.get(b.runId());
            if (d == null) {
                out.add(b);
                continue;
            }
            boolean advanced = b.lastSeq() > d.lastSeq();
            Instant now = clock.instant();
            out.add(new RunRow(
                    b.runId(),
                    b.parentRunId() != null ? b.parentRunId() : d.parentRunId(),
                    d.status(),
                    b.startedAt() != null ? b.startedAt() : d.startedAt(),
                    Math.max(b.lastSeq(), d.lastSeq()),
                    d.headSeq(),
                    d.length(),
                    advanced ? now : d.lastEventAt(),
                    b.sentinelTtl() != null ? b.sentinelTtl() : d.sentinelTtl(),
                    d.subscribers(),
                    true,
                    advanced ? Duration.ZERO : d.idle(),
                    advanced ? now : d.observedAt()));
        }
        details.keySet().retainAll(live);
        return out;
    }

    /** A row from the server's view: its idle is the server's own {@code idle_seconds}, read now. */
    private RunRow row(RunDetail d) {
        Duration idle = d.idleSeconds() == null ? null : Duration.ofMillis(Math.round(d.idleSeconds() * 1000));
        return new RunRow(
                RunId.parse(d.runId()),
                parent(d.parentRunId()),
                d.status().wireName(),
                d.startedAt(),
                d.lastSeq(),
                d.headSeq(),
                d.length(),
                d.lastEventAt() != null ? d.lastEventAt() : d.startedAt(),
                d.sentinelTtlSeconds() == null ? null : Duration.ofSeconds(d.sentinelTtlSeconds()),
                d.subscribers(),
                true,
                idle,
                idle == null ? null : clock.instant());
    }

    /** A row from the stream in Redis: its idle is the last event's age as the inspector read it, now. */
    private RunRow row(RunRow basic, StreamInfo i) {
        Duration ttl = i.sentinelTtlMillis() == null || i.sentinelTtlMillis() < 0
                ? null
                : Duration.ofMillis(i.sentinelTtlMillis());
        Duration idle = i.lastEventAgeMillis() == null ? null : Duration.ofMillis(Math.max(0, i.lastEventAgeMillis()));
        return new RunRow(
                basic.runId(),
                basic.parentRunId(),
                i.open() ? "running" : basic.status(),
                basic.startedAt(),
                Math.max(basic.lastSeq(), i.lastSeq()),
                i.firstSeq(),
                i.length(),
                i.lastEventAt() != null ? i.lastEventAt() : basic.startedAt(),
                ttl,
                null,
                true,
                idle,
                idle == null ? null : clock.instant());
    }

    /** The row of a run the server listed, before its stream statistics are fetched. */
    private static RunRow undetailed(RunId id, RunSummary s) {
        return RunRow.undetailed(id, parent(s.parentRunId()), s.status().wireName(), s.startedAt(), s.lastSeq());
    }

    private static RunId parent(String id) {
        return id != null && RunId.isValid(id) ? RunId.parse(id) : null;
    }

    @Override
    public StreamDetail stream(RunId run, int lastEvents) {
        if (context.redisSelected()) {
            StreamInfo info = redis().streamInfo(run);
            RunRow base = RunRow.undetailed(run, null, info.open() ? "running" : "closed", null, info.lastSeq());
            List<Envelope> events = new ArrayList<>();
            for (String json : redis().lastEvents(run, lastEvents)) {
                events.add(Envelope.parse(json));
            }
            return new StreamDetail(row(base, info), events, archivedThrough(run));
        }
        RunDetail d =
                server().run(run).orElseThrow(() -> new IllegalStateException("the server no longer knows run " + run));
        CachedStream previous = lastStream;
        if (previous != null
                && previous.requested() == lastEvents
                && previous.detail().run().runId().equals(run)
                && previous.detail().run().lastSeq() == d.lastSeq()) {
            return new StreamDetail(
                    row(d), previous.detail().lastEvents(), d.archivedThrough()); // nothing new: no SSE read
        }
        long from = Math.max(Math.max(1, d.headSeq()), d.lastSeq() - lastEvents + 1);
        List<Envelope> events = new ArrayList<>();
        if (d.lastSeq() >= from) {
            for (String json : server().events(run, from, d.lastSeq(), Duration.ofSeconds(1))) {
                events.add(Envelope.parse(json));
            }
        }
        StreamDetail fresh = new StreamDetail(row(d), events, d.archivedThrough());
        lastStream = new CachedStream(fresh, lastEvents);
        return fresh;
    }

    /** The run's {@code archived_through} as the server says, or null when it cannot be asked. */
    private Long archivedThrough(RunId run) {
        try {
            return server().run(run).map(RunDetail::archivedThrough).orElse(null);
        } catch (DiagException e) {
            return null;
        }
    }

    @Override
    public List<String> degradations() {
        String runs = runsWithoutServer;
        return runs == null ? List.of() : List.of(runs);
    }

    @Override
    public List<ForkTaskView> forks() {
        return server().forks();
    }

    @Override
    public ReaderList readers() {
        return server().readers();
    }

    @Override
    public List<String> auditTail(int max) {
        List<String> out = new ArrayList<>();
        for (AuditEntry e : new AuditLog(context.auditLog()).tail(max)) {
            String target = e.target() != null && RunId.isValid(e.target())
                    ? RunId.parse(e.target()).prefix()
                    : e.target();
            out.add(Cells.clock(e.ts(), clock.getZone()) + " " + e.action() + " " + target + " " + e.result() + " by "
                    + e.actor() + (e.detail() == null ? "" : ": " + e.detail()));
        }
        return out;
    }

    @Override
    public TriageView triage(RunId run) {
        DiagSources s;
        try {
            s = warmSources();
        } catch (DiagException unavailable) {
            s = sources; // the triage reports what it cannot read
        }
        return TriageMapping.map(new Triage(s, Triage.ONE_LOOK, context.forkStuckAfter()).triage(run));
    }

    @Override
    public PendingAction prepareReap(RunId run) {
        DiagSources s = warmSourcesQuietly();
        return GuardedSteps.reap(run, s, runner());
    }

    @Override
    public PendingAction prepareCancel(String forkName) {
        DiagSources s = warmSourcesQuietly();
        return GuardedSteps.cancel(forkName, s, runner());
    }

    @Override
    public PendingAction prepareRotation() {
        if (!context.redisSelected()) {
            throw new UnsupportedOperationException("no Redis to rotate: this console watches the in-process backend"
                    + " (start it with --redis URL, or ARENA_BROKER_BACKEND=redis)");
        }
        DiagSources s = warmSourcesQuietly();
        GuardedRunner runner = runner();
        return new GuardedSteps(
                        rotation(s, false), null, runner, () -> new GuardedSteps(rotation(s, true), null, runner, null)
                                .step("Step 2/2 (remove the old password)"))
                .step("Step 1/2 (add a new password beside the old)");
    }

    /** Live rotation (docs/design.md, "Guarded actions"): step 1 adds and verifies the new password; step 2 ({@code finish}) removes the old. */
    private PasswordRotation rotation(DiagSources s, boolean finish) {
        RotationRequest request = new RotationRequest(RotationRequest.Mode.LIVE, envFile, finish, null, null);
        return new PasswordRotation(
                request,
                s,
                PasswordCheck.freshConnection(clientName, context.timeout()),
                CommandRunner.processes(),
                new SecureRandom());
    }

    private DiagSources warmSourcesQuietly() {
        try {
            return warmSources();
        } catch (DiagException unavailable) {
            // The preview says what it cannot read; acting still goes through the guarded runner's checks.
            synchronized (lock) {
                return sources;
            }
        }
    }

    /** The guarded-action runner the console uses: its own actor name, audit file and env label. */
    GuardedRunner runner() {
        return new GuardedRunner(
                new AuditLog(context.auditLog()),
                false,
                clientName + " (console)",
                context.envLabel().orElse(null),
                clock);
    }

    @Override
    public void close() {
        synchronized (lock) {
            sources.close();
        }
    }
}
