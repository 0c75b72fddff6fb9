package dev.arena.broker.redis;

import dev.arena.broker.BrokerException;
import dev.arena.broker.BrokerMetrics;
import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.EventTooLargeException;
import dev.arena.broker.RunClosedException;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.broker.RunOutcome;
import dev.arena.broker.Subscription;
import dev.arena.broker.UnknownRunException;
import dev.arena.config.BrokerSettings;
import dev.arena.error.ArenaException;
import dev.arena.error.BackendUnavailableException;
import dev.arena.json.Json;
import dev.arena.reply.BoundedReplies;
import dev.arena.time.Ticker;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XTrimArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis Streams backend (docs/design.md, "Event path"): runs live in Redis, so every process on the same Redis sees the
 * same runs. Keys and the publish script are described in {@link RunKeys} and {@code publish.lua}.
 *
 * <p>Publishing: {@code publish} returns at once; a single writer thread batches each run's events
 * into one {@code publish.lua} call (seq assignment, append, trimming, sentinel refresh and shared
 * expiries in one atomic step, idempotent when re-sent after a lost reply) and pipelines them; a
 * large batch goes instead as a {@link DirectAppend} (the same writes in a checked, {@code WATCH}ed
 * transaction of native {@code XADD}s). The
 * shared {@code arena:stats:published} counter is raised by a separate {@code INCRBY} in the same
 * pipeline, so the script touches only keys of one run (one Cluster slot). While Redis is away,
 * publishes wait in a bounded queue (default {@value #DEFAULT_MAX_QUEUED} events, 10 s each) and
 * go out in order when it returns; past the bound their futures fail with a {@link BrokerException}.
 *
 * <p>Connections: exactly three per broker, each named with {@code CLIENT SETNAME}: the shared one
 * ({@code clientName}; queries, history pages, deletes), the publisher's ({@code /pub}; pipelined
 * script calls) and the tailer's ({@code /tail}; the only blocking {@code XREAD}). Their number does
 * not depend on how many runs or readers there are.
 *
 * <p>{@link #runs()} lists every run whose stream still exists — open runs and closed runs within
 * {@code ARENA_CLOSED_RETENTION}, whichever process produced them — found with one
 * {@code SCAN MATCH arena:run:*:events} pass and described with pipelined {@code XINFO STREAM},
 * {@code HMGET} and {@code PTTL}. A run whose sentinel expired without a terminal event is still
 * {@code RUNNING} (with no sentinel TTL): an orphan for the reaper. In {@link #metrics()},
 * {@code events_published} is the shared {@code arena:stats:published} counter and {@code runs_open}
 * counts {@code :open} sentinels with one SCAN pass, cached for one second (a run opened or closed
 * here refreshes it at once); {@code publish_failures} is the shared
 * {@code arena:stats:publish_failures} counter (accepted publishes whose future failed, in any
 * process) plus this process's failures not yet added to it; {@code runs_lost} counts runs whose
 * stream vanished under this process's readers while open; the other counters are this process's.
 *
 * <p>Thread-safe. {@link #close()} flushes (bounded) and a JVM shutdown hook does the same, so a
 * producer that exits right after {@code closeRun} leaves no sentinel behind.
 */
public final class RedisStreamsBroker implements EventBroker {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStreamsBroker.class);

    /** Default bound of the outage queue: publishes waiting for Redis, and how long each may wait. */
    public static final int DEFAULT_MAX_QUEUED = 10_000;

    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(10);

    private static final Duration CLOSE_FLUSH = Duration.ofSeconds(10);
    private static final Duration BLOCK = Duration.ofSeconds(2);

    private final BrokerSettings settings;
    private final Clock clock;
    private final Ticker ticker;
    private final RedisConnector connector;
    private final RedisLink sharedConnection;
    private final RedisClusterAsyncCommands<String, String> shared;
    private final BoundedReplies calls;
    private final PublishQueue queue;
    private final Publisher publisher;
    private final Tailer tailer;
    private final RunInspector inspector;
    private final StreamHistory history;
    private final LocalCounters counters = new LocalCounters();
    private final ConcurrentHashMap<RunId, RunState> states = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final ExecutorService callbacks;
    private final OpenRunsGauge openRuns;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;
    private volatile long lastPublished;
    private volatile long lastSharedFailures;

    private RedisStreamsBroker(
            RedisConnector connector,
            BrokerSettings settings,
            Clock clock,
            Ticker ticker,
            int maxQueued,
            Duration maxWait) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.connector = connector;
        this.calls = connector.replies();
        this.sharedConnection = connector.shared();
        this.shared = sharedConnection.commands();
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("arena-redis-timer"));
        this.callbacks = Executors.newSingleThreadExecutor(daemon("arena-redis-callbacks"));
        this.history = new StreamHistory(shared, calls, timer, callbacks);
        String producerId = connector.clientName() + "#"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        this.queue = new PublishQueue(maxQueued, maxWait, connector.maskedUrl(), counters, ticker);
        this.publisher = new Publisher(
                connector,
                PublishScript.load(),
                settings,
                producerId,
                connector.maskedUrl(),
                queue,
                counters,
                this::lifecycleChanged,
                this::written,
                ticker);
        TailReads reads = connector.isCluster()
                ? new AnnouncedTailReads(connector, shared, BLOCK.toMillis(), ticker)
                : new BlockingTailReads(() -> connector.dedicated("/tail"), shared, timer, BLOCK.toMillis());
        this.tailer = new Tailer(reads, shared, BLOCK, settings.streamMaxLen(), counters, ticker);
        this.inspector = new RunInspector(shared, calls, tailer::subscribers);
        this.openRuns = new OpenRunsGauge(inspector, clock);
        publisher.start();
        tailer.start();
        this.shutdownHook = new Thread(this::flushFromHook, "arena-redis-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Connects to Redis at {@code url}, naming every connection after {@code clientName}, with the
     * default outage bound ({@value #DEFAULT_MAX_QUEUED} publishes, 10 s each).
     *
     * @throws BackendUnavailableException if Redis cannot be reached or refuses authentication; the message
     *                         carries the URL with its password masked and what to check
     */
    public static EventBroker connect(String url, String clientName, BrokerSettings settings, Clock clock) {
        return connect(url, clientName, settings, clock, Ticker.system(), DEFAULT_MAX_QUEUED, DEFAULT_MAX_WAIT);
    }

    /** As {@link #connect(String, String, BrokerSettings, Clock)} with an explicit outage bound. */
    public static EventBroker connect(
            String url,
            String clientName,
            BrokerSettings settings,
            Clock clock,
            int maxQueuedPublishes,
            Duration maxPublishWait) {
        return connect(url, clientName, settings, clock, Ticker.system(), maxQueuedPublishes, maxPublishWait);
    }

    /**
     * As {@link #connect(String, String, BrokerSettings, Clock, int, Duration)}, with {@code ticker}
     * for the outage bound, flush deadlines, reconnect back-off and the tailer's quiet checks.
     */
    public static EventBroker connect(
            String url,
            String clientName,
            BrokerSettings settings,
            Clock clock,
            Ticker ticker,
            int maxQueuedPublishes,
            Duration maxPublishWait) {
        RedisConnector connector = new RedisConnector(url, clientName, ticker);
        try {
            return new RedisStreamsBroker(connector, settings, clock, ticker, maxQueuedPublishes, maxPublishWait);
        } catch (RuntimeException e) {
            connector.close();
            throw e instanceof ArenaException || e instanceof IllegalArgumentException ? e : connector.failure(e);
        }
    }

    @Override
    public String backend() {
        return "redis";
    }

    /**
     * What this broker talks to, for {@code /health} and logs: e.g. {@code redis cluster: 3 masters,
     * 3 replicas, all 16384 slots served, cluster_state ok} or {@code redis standalone host:port}.
     */
    @Override
    public String topology() {
        RedisTopology topology = connector.topology();
        if (!topology.isCluster()) {
            return topology.describe();
        }
        String state;
        try {
            String info = calls.await("CLUSTER INFO", shared.clusterInfo());
            state = info.lines()
                    .filter(l -> l.startsWith("cluster_state:"))
                    .map(l -> l.substring(14).trim())
                    .findFirst()
                    .orElse("?");
        } catch (BackendUnavailableException e) {
            state = "unknown (" + e.getMessage() + ")";
        }
        return topology.describe() + ", cluster_state " + state;
    }

    @Override
    public CompletableFuture<Long> openRun(RunId run, Object startPayload) {
        ensureOpen();
        Objects.requireNonNull(run, "run id");
        sweepClosed();
        var payload = Json.bestEffortObject(startPayload);
        String parent = payload.hasNonNull("parent_run_id")
                        && RunId.isValid(payload.get("parent_run_id").asText())
                ? payload.get("parent_run_id").asText()
                : null;
        Event start = Event.of("run.start", payload);
        checkSize(run, start, 1);
        RunState state = new RunState(run);
        if (states.putIfAbsent(run, state) != null) {
            throw new IllegalStateException("run " + run + " already exists; open each run id once");
        }
        Instant now = clock.instant();
        PendingPublish p = new PendingPublish(
                state, EnvelopeTemplate.suffix(start, now), true, null, Envelope.formatTs(now), parent, ticker.nanos());
        p.future.whenComplete((seq, error) -> {
            if (error != null) {
                states.remove(run, state); // not opened (or not confirmed): the caller may try again
            }
        });
        queue.submit(p);
        return p.future;
    }

    @Override
    public CompletableFuture<Long> publish(RunId run, Event event) {
        ensureOpen();
        Objects.requireNonNull(event, "event");
        RunState state = stateOf(run);
        if (state.isClosed()) {
            throw new RunClosedException(run);
        }
        checkSize(run, event, state.nextSeqGuess());
        RunOutcome outcome = RunOutcome.fromKind(event.kind());
        if (outcome != null && !state.markClosed(clock.instant())) {
            throw new RunClosedException(run);
        }
        PendingPublish p = new PendingPublish(
                state, EnvelopeTemplate.suffix(event, clock.instant()), false, outcome, null, null, ticker.nanos());
        if (outcome != null) {
            p.future.whenComplete((seq, error) -> {
                if (error != null && !(error instanceof RunClosedException)) {
                    state.reopen(); // the terminal event did not land: the producer may try again
                }
            });
        }
        queue.submit(p);
        return p.future;
    }

    @Override
    public CompletableFuture<Long> closeRun(RunId run, RunOutcome outcome, Object payload) {
        return publish(run, Event.of(outcome.kind(), payload));
    }

    private RunState stateOf(RunId run) {
        Objects.requireNonNull(run, "run id");
        RunState known = states.get(run);
        if (known != null) {
            return known;
        }
        RunKeys keys = RunKeys.of(run);
        if (calls.await("EXISTS " + keys.seq, shared.exists(keys.seq, keys.events)) == 0) {
            throw new UnknownRunException(run);
        }
        return states.computeIfAbsent(run, RunState::new);
    }

    private void checkSize(RunId run, Event event, long seq) {
        int size = Envelope.sizeFor(event, seq);
        if (size > settings.maxEventBytes()) {
            throw new EventTooLargeException(run, event.kind(), size, settings.maxEventBytes());
        }
    }

    /** Forgets local state of runs closed longer ago than the closed-retention window. */
    private void sweepClosed() {
        Instant cutoff = clock.instant().minus(settings.closedRetention());
        states.values().removeIf(s -> s.closedAt() != null && s.closedAt().isBefore(cutoff));
    }

    @Override
    public void flush(Duration timeout) {
        queue.flush(timeout);
    }

    @Override
    public Subscription subscribe(RunId run, long fromSeq) {
        ensureOpen();
        RunKeys keys = RunKeys.of(Objects.requireNonNull(run, "run id"));
        RunTail existing = tailer.tail(run);
        Range<String> all = Range.unbounded();
        var headReply = shared.xrange(keys.events, all, Limit.from(1));
        var topReply = existing == null ? shared.xrevrange(keys.events, all, Limit.from(1)) : null;
        List<Envelope> head = StreamHistory.envelopes(calls.await("XRANGE " + keys.events, headReply));
        long last = existing == null ? 0 : existing.last();
        boolean ended = false;
        if (topReply != null) {
            List<Envelope> top = StreamHistory.envelopes(calls.await("XREVRANGE " + keys.events, topReply));
            if (top.isEmpty()) {
                throw new UnknownRunException(run);
            }
            last = top.get(0).seq();
            ended = top.get(0).isTerminal();
        }
        RedisSubscription[] created = new RedisSubscription[1];
        tailer.attach(keys, last, ended, tail -> {
            created[0] = new RedisSubscription(tail, fromSeq, history, counters, () -> tailer.detach(tail, created[0]));
            return created[0];
        });
        if (!head.isEmpty() && fromSeq < head.get(0).seq()) {
            // so the first poll() reports overflow, as in-process: lost or trimmed by the stream's age
            created[0].startsBelow(head.get(0).seq(), history.streamBorn(keys));
        }
        return created[0];
    }

    @Override
    public List<Envelope> read(RunId run, long fromSeq, int max) {
        ensureOpen();
        return history.read(Objects.requireNonNull(run, "run id"), fromSeq, max);
    }

    @Override
    public List<RunInfo> runs() {
        ensureOpen();
        return inspector.runs();
    }

    @Override
    public Optional<RunInfo> run(RunId run) {
        ensureOpen();
        return inspector.run(Objects.requireNonNull(run, "run id"));
    }

    /** Deletes the run's keys with one {@code DEL} (one slot, so atomic); local readers see overflow. */
    @Override
    public void drop(RunId run) {
        ensureOpen();
        RunKeys keys = RunKeys.of(Objects.requireNonNull(run, "run id"));
        calls.await("DEL " + keys, shared.del(keys.open, keys.seq, keys.events, keys.meta));
        states.remove(run);
        tailer.vanished(run);
        openRuns.invalidate();
    }

    /**
     * The stream's last entry ({@code XREVRANGE … COUNT 1}), then one exact {@code XTRIM <events> MINID <seq>-0}
     * with {@code seq} at most that entry's: both on the run's one slot. Seqs only grow, so the entry read
     * first is never past the newest when the trim runs. An absent stream stays absent.
     */
    @Override
    public long trimBefore(RunId run, long minSeq) {
        ensureOpen();
        RunKeys keys = RunKeys.of(Objects.requireNonNull(run, "run id"));
        if (minSeq <= 1) {
            return 0;
        }
        List<StreamMessage<String, String>> top = calls.await(
                "XREVRANGE " + keys.events, shared.xrevrange(keys.events, Range.unbounded(), Limit.from(1)));
        if (top.isEmpty()) {
            return 0;
        }
        long min = Math.min(minSeq, RunKeys.seqOf(top.get(0).getId()));
        if (min <= 1) {
            return 0;
        }
        return calls.await(
                "XTRIM " + keys.events + " MINID " + min + "-0",
                shared.xtrim(keys.events, XTrimArgs.Builder.minId(min + "-0").exactTrimming()));
    }

    @Override
    public BrokerMetrics metrics() {
        if (closed.get()) {
            return new BrokerMetrics(
                    lastPublished,
                    counters.streamed.sum(),
                    counters.dropped.sum(),
                    0,
                    0,
                    counters.reaped.sum(),
                    publishFailures(),
                    counters.runsLost.sum());
        }
        try {
            // Two GETs, not one MGET: the counters live in different Cluster slots.
            var published = shared.get(RunKeys.PUBLISHED);
            var failures = shared.get(RunKeys.PUBLISH_FAILURES);
            lastPublished = counter(calls.await("GET " + RunKeys.PUBLISHED, published));
            lastSharedFailures = counter(calls.await("GET " + RunKeys.PUBLISH_FAILURES, failures));
        } catch (BackendUnavailableException e) {
            LOG.debug("metrics: using the last known shared counters: {}", e.getMessage());
        }
        return new BrokerMetrics(
                lastPublished,
                counters.streamed.sum(),
                counters.dropped.sum(),
                openRuns.get(),
                tailer.subscribers(),
                counters.reaped.sum(),
                publishFailures(),
                counters.runsLost.sum());
    }

    /**
     * The shared count of every process's failed publishes plus this process's not yet added to it
     * (Redis may be what failed); never below this process's own count.
     */
    private long publishFailures() {
        return Math.max(counters.publishFailures.sum(), lastSharedFailures + counters.unsharedFailures());
    }

    private static long counter(String value) {
        return value == null ? 0 : Long.parseLong(value);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            queue.flush(CLOSE_FLUSH);
        } catch (BrokerException e) {
            LOG.warn("closing the Redis broker: {}", e.getMessage());
        }
        publisher.close(Duration.ofSeconds(2));
        tailer.close();
        callbacks.shutdown();
        timer.shutdownNow();
        sharedConnection.close();
        connector.close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself, or the JVM is already exiting
        }
    }

    /**
     * JVM shutdown: make what was published land (a producer that exits right after
     * {@code closeRun} leaves no sentinel), but do not close. Shutdown hooks run concurrently, and
     * an owner's own hook (the server's orderly shutdown: cancel forks, archive, flush) still needs
     * the broker; closing is the owner's job, and the JVM's exit ends the connections anyway.
     */
    private void flushFromHook() {
        if (!closed.get()) {
            LOG.info("JVM shutdown: flushing the Redis broker");
            try {
                queue.flush(CLOSE_FLUSH);
            } catch (RuntimeException e) {
                LOG.warn("JVM shutdown: the Redis broker could not flush: {}", e.getMessage());
            }
        }
    }

    private void written(RunId run) {
        Tailer t = tailer;
        if (t != null) {
            t.written(run);
        }
    }

    private void lifecycleChanged() {
        OpenRunsGauge gauge = openRuns;
        if (gauge != null) {
            gauge.invalidate();
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new BrokerException("the Redis broker is closed");
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
