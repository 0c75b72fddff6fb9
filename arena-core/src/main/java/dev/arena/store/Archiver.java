package dev.arena.store;

import dev.arena.broker.BrokerOverflowException;
import dev.arena.broker.Envelope;
import dev.arena.broker.EventBroker;
import dev.arena.broker.Reaper;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.broker.UnknownRunException;
import dev.arena.coordination.Claim;
import dev.arena.coordination.Claims;
import dev.arena.coordination.Expiry;
import dev.arena.error.BackendUnavailableException;
import dev.arena.time.Ticker;
import dev.arena.wire.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves every run the broker holds — open or ended, on either backend, including runs another process
 * produced on Redis — into the {@link RunStore} as it goes (docs/design.md, "Tiered history"): each
 * {@link #archive() pass} (about every second) writes the events a run gained since the last pass, in
 * batches, following a run that keeps publishing for up to {@link #FOLLOW} ({@link #isBehind()} asks for the
 * next pass at once when that was not enough), and finishes the row of a run that ended. {@link #reaperHook()} lets the {@link Reaper}
 * persist a run before it drops it. Thread-safe.
 *
 * <p>One archiver per run: before writing a run the archiver claims it in a set of {@link Claims} (on
 * Redis the hash {@code arena:archivers}, shared by every server), renews the claim (four times per TTL while it
 * follows a run, and after each pass) with its position ({@code archived_through}, and how long it has been behind) and releases it when
 * the run is complete in the store. A server that dies stops renewing; after the claim's TTL the next
 * server's pass claims the run and resumes from the highest seq the store holds, so no event is skipped,
 * and none is written twice (the store would keep one copy anyway: writes are idempotent on
 * {@code (run_id, seq)}).
 *
 * <p>Events the broker trimmed before they were archived (a run publishing faster than the archive
 * keeps up, or a store outage longer than the broker's retention) are logged as a WARN naming the run
 * and the seq range, and counted ({@link #eventsTrimmedUnarchived()}): never silent.
 *
 * <p>Age-based retention ({@code ARENA_STREAM_MAX_AGE}, docs/design.md, "Tiered history"):
 * with a max age, the archiver of a live run also asks the broker to {@link EventBroker#trimBefore trim}
 * the events older than it — judged by each event's {@code ts}, never by its stream id — but only events the
 * store holds (never past {@code archived_through}, checked against the store before each trim), never the
 * run's newest event, and nothing in a pass where the store does not answer: age trimming cannot lose an
 * event, and while the store is away readers keep what the broker has. Ended runs are left to
 * {@code ARENA_CLOSED_RETENTION}.
 */
public final class Archiver {

    private static final Logger LOG = LoggerFactory.getLogger(Archiver.class);
    /** The Redis hash of the archive claims every server shares: field = run id, holder = server id. */
    public static final String CLAIMS_KEY = "arena:archivers";

    /**
     * Events read from the broker and written to the store at a time: each batch costs a broker read and a store
     * transaction, and a Redis busy with a fast producer answers each call only between its publish scripts, so
     * large batches are what lets the archive keep up with one (docs/benchmarks.md, "Tiered history").
     */
    static final int BATCH = 5000;

    /**
     * How long one pass keeps following runs that gain events while it archives them (reading their head again
     * each time it has written up to it), before it lets the next pass (and the other runs) have their turn. A run
     * publishing faster than the pass interval allows would otherwise wait a whole interval per pass, and the broker
     * could trim what it published meanwhile before it was archived.
     */
    static final Duration FOLLOW = Duration.ofSeconds(1);

    /** A run this archiver holds the claim of: how far the store has it. */
    private static final class Tracked {
        /** Written by the pass, read by {@link #archivedThrough} on request threads. */
        volatile long through;

        /** The run's last seq as the pass last read it. */
        long head;

        /** When the claim was last taken or renewed (ticker nanos). */
        long renewedAt;

        long caughtUpAt;
        boolean lost;
        /** The claim lapsed under this archiver: {@code through} is re-read from the store before writing again. */
        boolean stale;
        /** The archived events' timestamps, with a max age; else null. */
        final AgeMarks ages;

        Tracked(long through, long now, AgeMarks ages) {
            this.through = through;
            this.caughtUpAt = now;
            this.ages = ages;
        }
    }

    private final EventBroker broker;
    private final RunStore store;
    private final Ticker ticker;
    private final Claims claims;
    private final String holder;
    private final Duration ttl;
    private final AgeTrim ages;
    private final ReadAhead reads;
    private final Set<RunId> archived = ConcurrentHashMap.newKeySet();
    private final Map<RunId, Tracked> tracked = new ConcurrentHashMap<>();
    private final AtomicLong eventsArchived = new AtomicLong();
    private final AtomicLong eventsTrimmedUnarchived = new AtomicLong();
    private volatile ArchiveLag lag = ArchiveLag.NONE;
    private volatile boolean behind;
    /** Until when the current pass follows runs that gain events ({@link #FOLLOW} after it started). */
    private long followUntil;
    /** The current pass stopped following a run at {@link #followUntil}: it may have gained events since. */
    private boolean followedOut;

    private boolean storeFailing;
    private boolean claimsFailing;

    /** A lone archiver (one server, in-process claims); {@code ticker} times persists and the archive lag. */
    public Archiver(EventBroker broker, RunStore store, Ticker ticker) {
        this(broker, store, ticker, Claims.inProcess(ticker, Expiry.FORGET), "this-server", Duration.ofHours(1));
    }

    /**
     * An archiver that takes turns with other servers' over {@code claims} (an {@link Expiry#FORGET} set, not
     * closed by this archiver), as {@code holder} (the server's registry id), each claim lapsing {@code ttl}
     * after its last renewal.
     */
    public Archiver(EventBroker broker, RunStore store, Ticker ticker, Claims claims, String holder, Duration ttl) {
        this(broker, store, ticker, claims, holder, ttl, Clock.systemUTC(), Duration.ZERO);
    }

    /**
     * As {@link #Archiver(EventBroker, RunStore, Ticker, Claims, String, Duration)}, also trimming a live run's
     * archived events older than {@code maxAge} from the broker ({@link Duration#ZERO}: never by age), their
     * age judged from their {@code ts} against {@code clock}.
     */
    public Archiver(
            EventBroker broker,
            RunStore store,
            Ticker ticker,
            Claims claims,
            String holder,
            Duration ttl,
            Clock clock,
            Duration maxAge) {
        this.broker = broker;
        this.store = store;
        this.ticker = ticker;
        this.claims = claims;
        this.holder = holder;
        this.ttl = ttl;
        this.ages = new AgeTrim(broker, store, clock, maxAge, BATCH);
        this.reads = new ReadAhead(broker, BATCH);
    }

    /**
     * One pass: for every run the broker holds that is not complete in the store, claims it (or leaves it to
     * the server that holds it), writes the events it gained since the last pass and, when it ended and every
     * event is written, finishes its row and releases the claim. A store or Redis failure is logged once per
     * streak and the run retried on the next pass, from where the store stands.
     *
     * @return how many ended runs were completed in the store in this pass
     */
    public synchronized int archive() {
        followUntil = ticker.nanos() + FOLLOW.toNanos();
        followedOut = false;
        List<RunInfo> runs = broker.runs();
        Set<RunId> present = new HashSet<>();
        Map<RunId, Claim> others = new HashMap<>();
        ArchiveLag worst = ArchiveLag.NONE;
        int completed = 0;
        boolean storeDown = false;
        for (RunInfo run : runs) {
            present.add(run.runId());
            if (archived.contains(run.runId())) {
                continue;
            }
            Tracked known = tracked.get(run.runId());
            if (storeDown && known != null) { // one wait on an absent store per pass, not one per run
                worst = worst.worse(lagOf(run, known));
                renewQuietly(run.runId(), known, run.lastSeq());
                continue;
            }
            try {
                Optional<Tracked> mine = acquire(run, others);
                if (mine.isEmpty()) {
                    continue;
                }
                Tracked t = mine.get();
                if (archiveHeld(run, t)) {
                    completed++;
                    continue;
                }
                worst = worst.worse(lagOf(run, t));
                claimsFailing = false;
            } catch (UnknownRunException e) {
                LOG.debug("run {} vanished before it could be archived", run.runId());
            } catch (StoreUnavailableException | StoreException e) { // the store, not the broker, is away
                if (!storeFailing) {
                    LOG.error("archiving run {} failed (will retry every pass): {}", run.runId(), e.getMessage());
                }
                storeFailing = true;
                storeDown = true;
                Tracked t = tracked.get(run.runId());
                if (t != null) {
                    worst = worst.worse(lagOf(run, t));
                    renewQuietly(run.runId(), t, run.lastSeq());
                }
            } catch (BackendUnavailableException e) {
                if (!claimsFailing) {
                    LOG.error("archiving paused, the broker's Redis does not answer (will retry): {}", e.getMessage());
                }
                claimsFailing = true;
            }
        }
        for (RunInfo run : runs) {
            Claim c = others.get(run.runId());
            if (c != null) {
                worst = worst.worse(lagOfOther(run, c));
            }
        }
        archived.retainAll(present);
        tracked.keySet().removeIf(run -> {
            if (present.contains(run)) {
                return false;
            }
            release(run);
            return true;
        });
        lag = worst;
        behind = followedOut || tracked.values().stream().anyMatch(t -> !t.lost && !t.stale && t.through < t.head);
        return completed;
    }

    /**
     * The run's tracking when this archiver holds its claim (claiming it now if it is free), else empty;
     * a run another server holds is noted in {@code others} (for the lag), a run complete in the store in
     * {@code archived}.
     */
    private Optional<Tracked> acquire(RunInfo run, Map<RunId, Claim> others) {
        RunId id = run.runId();
        Tracked t = tracked.get(id);
        if (t == null
                && !run.isOpen()
                && store.run(id)
                        .filter(s -> s.isFinished() && s.lastSeq() >= run.lastSeq())
                        .isPresent()) {
            archived.add(id);
            return Optional.empty();
        }
        Claim claim = claims.claim(id.value(), holder, t == null ? "" : position(t, run.lastSeq()), ttl);
        if (!claim.heldBy(holder)) {
            tracked.remove(id);
            others.put(id, claim);
            return Optional.empty();
        }
        if (t == null || t.stale) {
            long through = store.lastStoredSeq(id);
            if (t == null) {
                t = new Tracked(through, ticker.nanos(), ages.marks());
                tracked.put(id, t);
                ages.noteRetained(run, t.ages, through);
            }
            t.through = through;
            t.stale = false;
            if (through > 0) {
                LOG.info("archiving run {} from seq {} on (the store holds it through {})", id, through + 1, through);
            }
        }
        t.renewedAt = ticker.nanos(); // claiming a held run renews it
        return Optional.of(t);
    }

    /** Writes what the broker holds past {@code t.through}; true when the run ended and is now complete in the store. */
    private boolean archiveHeld(RunInfo run, Tracked t) {
        RunId id = run.runId();
        if (!t.lost) {
            catchUp(run, t);
            if (t.stale) {
                return false;
            }
        }
        if (t.through >= Math.max(run.lastSeq(), t.head) || t.lost) {
            t.caughtUpAt = ticker.nanos();
        }
        if (run.isOpen() && !t.lost) {
            ages.trim(run, t.ages, t.through);
        }
        if (!run.isOpen() && (t.through >= run.lastSeq() || t.lost)) {
            if (id.equals(lag.run())) { // complete in the store: no lag of it is shown once its row says so
                lag = ArchiveLag.NONE;
            }
            finish(run, t);
            archived.add(id);
            tracked.remove(id);
            claims.release(id.value(), holder);
            return true;
        }
        renew(id, t, t.head);
        return false;
    }

    /**
     * Writes the run's events from {@code t.through + 1} up to its head; when the run is open and the pass still
     * follows runs, reads the head again after reaching it and goes on while it moved.
     */
    private void catchUp(RunInfo run, Tracked t) {
        RunId id = run.runId();
        t.head = Math.max(t.head, run.lastSeq());
        show(id, t);
        try {
            follow(run, t);
        } finally {
            reads.discard();
        }
    }

    /** {@link #catchUp}'s loop: each batch is written while the next one is read ahead. */
    private void follow(RunInfo run, Tracked t) {
        RunId id = run.runId();
        while (t.through < t.head || (run.isOpen() && moved(id, t))) {
            long from = t.through + 1;
            List<Envelope> batch;
            try {
                batch = reads.read(id, from);
            } catch (BrokerOverflowException e) {
                if (e.isLost() || e.availableFrom() <= from) {
                    LOG.warn(
                            "run {}: its events vanished from the broker before seq {} could be archived;"
                                    + " the store holds it through {}",
                            id,
                            from,
                            t.through);
                    t.lost = true;
                    return;
                }
                long to = e.availableFrom() - 1;
                eventsTrimmedUnarchived.addAndGet(to - from + 1);
                LOG.warn(
                        "run {}: events {}..{} were trimmed from the broker before they were archived ({} events lost"
                                + " to history; see runbooks/redis-operations.md, \"Archive lag grows\")",
                        id,
                        from,
                        to,
                        to - from + 1);
                t.through = to;
                continue;
            }
            if (batch.isEmpty()) {
                return;
            }
            long last = batch.get(batch.size() - 1).seq();
            if (last < t.head || batch.size() >= BATCH) {
                reads.readAhead(id, last + 1);
            }
            store.persist(StoredRun.of(asOpenThrough(run, last), batch), batch);
            if (t.ages != null) {
                batch.forEach(e -> t.ages.archived(e.seq(), e.ts()));
            }
            if (storeFailing) {
                LOG.info("archiving resumed: run {} written through seq {}", id, last);
                storeFailing = false;
            }
            eventsArchived.addAndGet(batch.size());
            t.through = last;
            t.head = Math.max(t.head, last);
            show(id, t);
            // the claim lapses after its TTL: renewed four times per TTL while the run is followed, and after each pass
            if (ticker.nanos() - t.renewedAt >= ttl.toNanos() / 4 && !renew(id, t, t.head)) {
                return;
            }
        }
    }

    /**
     * True when the pass still follows runs and the run's head moved past {@code t.through} (which had reached it)
     * since it was last read; the archive lag then shows how far behind the run is now.
     */
    private boolean moved(RunId id, Tracked t) {
        t.caughtUpAt = ticker.nanos();
        if (ticker.nanos() - followUntil >= 0) {
            followedOut = true;
            return false;
        }
        Optional<RunInfo> now = broker.run(id);
        if (now.isEmpty()) {
            return false;
        }
        t.head = Math.max(t.head, now.get().lastSeq());
        if (t.through >= t.head) {
            return false;
        }
        show(id, t);
        return true;
    }

    /**
     * Shows the lag of the run being written as the archive lag while the pass works on it (a large backlog takes
     * many batches), when it is the run shown or a worse one; the end of the pass shows the worst run again.
     */
    private void show(RunId id, Tracked t) {
        if (t.through >= t.head) {
            if (id.equals(lag.run())) { // caught up: it no longer lags (the end of the pass shows the worst run again)
                lag = ArchiveLag.NONE;
            }
            return;
        }
        ArchiveLag current =
                new ArchiveLag(t.head - t.through, ticker.since(t.caughtUpAt).toMillis() / 1000.0, id);
        ArchiveLag shown = lag;
        if (shown.run() == null || shown.run().equals(id) || shown.worse(current) == current) {
            lag = current;
        }
    }

    /** Renews the claim with the position; false (and the run forgotten here) when another server took it meanwhile. */
    private boolean renew(RunId run, Tracked t, long head) {
        if (claims.renew(run.value(), holder, position(t, head), ttl)) {
            t.renewedAt = ticker.nanos();
            return true;
        }
        LOG.warn(
                "run {}: the archive claim lapsed before it was renewed (a pass took longer than its TTL);"
                        + " archived through seq {}, whoever claims it next continues from the store",
                run,
                t.through);
        t.stale = true;
        return false;
    }

    private void renewQuietly(RunId run, Tracked t, long head) {
        try {
            renew(run, t, head);
        } catch (BackendUnavailableException e) {
            LOG.debug("renewing the archive claim of {} failed: {}", run, e.getMessage());
        }
    }

    private String position(Tracked t, long head) {
        long behind = t.through >= head ? 0 : ticker.since(t.caughtUpAt).toMillis();
        return new ArchivePosition(t.through, behind).payload();
    }

    private ArchiveLag lagOf(RunInfo run, Tracked t) {
        long events = Math.max(0, Math.max(run.lastSeq(), t.head) - t.through);
        if (events == 0) {
            return ArchiveLag.NONE;
        }
        return new ArchiveLag(events, ticker.since(t.caughtUpAt).toMillis() / 1000.0, run.runId());
    }

    private static ArchiveLag lagOfOther(RunInfo run, Claim c) {
        return ArchivePosition.parse(c.payload())
                .map(p -> {
                    long events = Math.max(0, run.lastSeq() - p.through());
                    if (events == 0) {
                        return ArchiveLag.NONE;
                    }
                    return new ArchiveLag(events, (p.behindMs() + c.ageMs()) / 1000.0, run.runId());
                })
                .orElse(ArchiveLag.NONE);
    }

    /** The run as the row of a batch that does not reach its end: still running, as far as {@code last}. */
    private static RunInfo asOpenThrough(RunInfo run, long last) {
        return new RunInfo(
                run.runId(),
                run.parentRunId(),
                RunStatus.RUNNING,
                run.startedAt(),
                null,
                run.headSeq(),
                last,
                run.length(),
                run.subscribers(),
                run.lastEventAt(),
                run.sentinelTtl());
    }

    private void release(RunId run) {
        try {
            claims.release(run.value(), holder);
        } catch (BackendUnavailableException e) {
            LOG.debug("releasing the archive claim of {} failed: {}", run, e.getMessage());
        }
    }

    /**
     * Gives up every claim this archiver holds (an orderly shutdown: peers continue at once instead of
     * after the claims' TTL). Failures are logged; the claims then lapse by themselves.
     */
    public synchronized void releaseClaims() {
        tracked.keySet().forEach(this::release);
        tracked.clear();
    }

    /** True once this archiver has completed the ended run in the store (or found it already stored). */
    public boolean isArchived(RunId run) {
        return archived.contains(run);
    }

    /**
     * The highest seq of {@code run} the store holds ({@code archived_through}): this archiver's position when
     * it archives the run, else asked of the store.
     */
    public long archivedThrough(RunId run) {
        Tracked t = tracked.get(run);
        return t != null ? t.through : store.lastStoredSeq(run);
    }

    /** The worst run's archive lag at the end of the last pass (runs other servers archive included). */
    public ArchiveLag lag() {
        return lag;
    }

    /**
     * True when the last pass ended with events still to write (a run published faster than one pass could follow):
     * the next pass should start at once rather than after the usual interval.
     */
    public boolean isBehind() {
        return behind;
    }

    /** Events this archiver wrote to the store since it started. */
    public long eventsArchived() {
        return eventsArchived.get();
    }

    /** Events the broker trimmed before this archiver could write them (each range logged as a WARN). */
    public long eventsTrimmedUnarchived() {
        return eventsTrimmedUnarchived.get();
    }

    /** Archived events this archiver trimmed from the broker for being older than the max age. */
    public long eventsTrimmedByAge() {
        return ages.trimmed();
    }

    /** The age past which a live run's archived events are trimmed from the broker; zero when there is none. */
    public Duration maxAge() {
        return ages.maxAge();
    }

    /** A reaper hook that writes the reaped run with what is retained before it is dropped. */
    public Reaper.PersistHook reaperHook() {
        return (run, retained) -> {
            persist(run, retained);
            archived.add(run.runId());
            if (tracked.remove(run.runId()) != null) {
                release(run.runId());
            }
        };
    }

    /** Writes the ended run's final row (its events are all written by now). */
    private void finish(RunInfo run, Tracked t) {
        long started = ticker.nanos();
        store.persist(StoredRun.of(run, List.of()), List.of());
        LOG.info(
                "archived run {} through seq {} (status {}); final row written in {} ms",
                run.runId(),
                t.through,
                run.status().wireName(),
                ticker.since(started).toMillis());
    }

    private void persist(RunInfo run, List<Envelope> events) {
        long started = ticker.nanos();
        store.persist(StoredRun.of(run, events), events);
        if (!run.isOpen()) {
            LOG.info(
                    "persisted run {} ({} events, status {}) in {} ms",
                    run.runId(),
                    events.size(),
                    run.status().wireName(),
                    ticker.since(started).toMillis());
        }
    }
}
