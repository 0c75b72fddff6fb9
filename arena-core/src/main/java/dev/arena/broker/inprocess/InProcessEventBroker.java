package dev.arena.broker.inprocess;

import dev.arena.broker.BrokerException;
import dev.arena.broker.BrokerMetrics;
import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.EventTooLargeException;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.broker.RunOutcome;
import dev.arena.broker.Subscription;
import dev.arena.broker.UnknownRunException;
import dev.arena.config.BrokerSettings;
import dev.arena.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The default backend: every run lives in this JVM's memory, so only this process can see it.
 * Publishing is a lock-protected append; readers are woken by callbacks, never by polling.
 */
public final class InProcessEventBroker implements EventBroker {

    private final BrokerSettings settings;
    private final Clock clock;
    private final ConcurrentHashMap<RunId, RunLog> runs = new ConcurrentHashMap<>();
    private final Set<InProcessSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final LongAdder published = new LongAdder();
    private final LongAdder streamed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder reaped = new LongAdder();
    private final AtomicLong open = new AtomicLong();
    private volatile boolean closed;

    public InProcessEventBroker(BrokerSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public InProcessEventBroker() {
        this(BrokerSettings.DEFAULTS, Clock.systemUTC());
    }

    @Override
    public String backend() {
        return "inprocess";
    }

    @Override
    public CompletableFuture<Long> openRun(RunId run, Object startPayload) {
        ensureOpen();
        sweepClosed();
        var payload = Json.bestEffortObject(startPayload);
        RunId parent = payload.hasNonNull("parent_run_id")
                        && RunId.isValid(payload.get("parent_run_id").asText())
                ? RunId.parse(payload.get("parent_run_id").asText())
                : null;
        Event start = Event.of("run.start", payload);
        checkSize(run, start, 1);
        RunLog log = new RunLog(run, parent, settings.streamMaxLen());
        if (runs.putIfAbsent(run, log) != null) {
            throw new IllegalStateException("run " + run + " already exists; open each run id once");
        }
        open.incrementAndGet();
        return CompletableFuture.completedFuture(append(log, start, null));
    }

    @Override
    public CompletableFuture<Long> publish(RunId run, Event event) {
        return CompletableFuture.completedFuture(publishNow(run, event, RunOutcome.fromKind(event.kind())));
    }

    @Override
    public CompletableFuture<Long> closeRun(RunId run, RunOutcome outcome, Object payload) {
        return CompletableFuture.completedFuture(publishNow(run, Event.of(outcome.kind(), payload), outcome));
    }

    private long publishNow(RunId run, Event event, RunOutcome outcome) {
        ensureOpen();
        RunLog log = runs.get(run);
        if (log == null) {
            throw new UnknownRunException(run);
        }
        return append(log, event, outcome);
    }

    private long append(RunLog log, Event event, RunOutcome outcome) {
        long seq = log.append(event, clock.instant(), outcome, settings.maxEventBytes());
        published.increment();
        if (outcome != null) {
            open.decrementAndGet();
            if (outcome == RunOutcome.REAPED) {
                reaped.increment();
            }
        }
        return seq;
    }

    private void checkSize(RunId run, Event event, long seq) {
        int size = Envelope.sizeFor(event, seq);
        if (size > settings.maxEventBytes()) {
            throw new EventTooLargeException(run, event.kind(), size, settings.maxEventBytes());
        }
    }

    @Override
    public void flush(Duration timeout) {
        // Every accepted publish is already in memory, readable by every subscriber.
    }

    @Override
    public Subscription subscribe(RunId run, long fromSeq) {
        ensureOpen();
        RunLog log = runs.get(run);
        if (log == null) {
            throw new UnknownRunException(run);
        }
        InProcessSubscription sub = new InProcessSubscription(log, this, fromSeq);
        subscriptions.add(sub);
        return sub;
    }

    @Override
    public List<Envelope> read(RunId run, long fromSeq, int max) {
        RunLog log = runs.get(run);
        if (log == null) {
            throw new UnknownRunException(run);
        }
        return log.read(fromSeq, max);
    }

    @Override
    public List<RunInfo> runs() {
        sweepClosed();
        return runs.values().stream()
                .map(RunLog::info)
                .sorted(Comparator.comparing(RunInfo::startedAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
    }

    @Override
    public Optional<RunInfo> run(RunId run) {
        RunLog log = runs.get(run);
        return log == null ? Optional.empty() : Optional.of(log.info());
    }

    @Override
    public void drop(RunId run) {
        RunLog log = runs.remove(run);
        if (log != null) {
            if (log.isOpen()) {
                open.decrementAndGet();
            }
            log.drop();
        }
    }

    @Override
    public long trimBefore(RunId run, long minSeq) {
        RunLog log = runs.get(run);
        return log == null ? 0 : log.trimBefore(minSeq);
    }

    /** Forgets closed runs older than the closed-retention window. */
    private void sweepClosed() {
        var cutoff = clock.instant().minus(settings.closedRetention());
        runs.values().removeIf(log -> {
            if (log.closedBefore(cutoff)) {
                log.drop();
                return true;
            }
            return false;
        });
    }

    @Override
    public BrokerMetrics metrics() {
        return new BrokerMetrics(
                published.sum(), streamed.sum(), dropped.sum(), open.get(), subscriptions.size(), reaped.sum(), 0, 0);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (InProcessSubscription s : List.copyOf(subscriptions)) {
            s.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new BrokerException("the in-process broker is closed");
        }
    }

    void countStreamed() {
        streamed.increment();
    }

    void countDropped() {
        dropped.increment();
    }

    void unsubscribed(InProcessSubscription sub) {
        subscriptions.remove(sub);
    }
}
