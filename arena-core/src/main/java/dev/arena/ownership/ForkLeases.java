package dev.arena.ownership;

import dev.arena.broker.EventBroker;
import dev.arena.broker.RunClosedException;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.broker.RunOutcome;
import dev.arena.broker.UnknownRunException;
import dev.arena.broker.redis.RedisScripts;
import dev.arena.coordination.Claims;
import dev.arena.coordination.Expiry;
import dev.arena.coordination.HashLayout;
import dev.arena.error.ArenaException;
import dev.arena.error.BackendUnavailableException;
import dev.arena.registry.ServerRegistry;
import dev.arena.reply.BoundedReplies;
import dev.arena.time.Ticker;
import dev.arena.wire.ForkTaskView;
import dev.arena.wire.ServerEntry;
import dev.arena.wire.WireJson;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's side of fork ownership. The leases are {@link Claims} in one Redis hash, {@value #KEY}:
 * field = child run id, value = {@code "<renewed ms> <ttl ms> <owner id> <lease JSON>"}
 * ({@link HashLayout#HOLDER_IN_VALUE}), kept when expired ({@link Expiry#KEEP}: an expired lease is
 * exactly what a surviving server must find) and with no key expiry, so a restarted server still
 * finds them. On every registry heartbeat this server renews the leases of its own running fork
 * tasks (and releases those of ended ones); on a slower schedule it reads every lease and closes the
 * child run of each orphaned one ({@link OrphanRule}) as {@code run.error} with
 * {@link ForkLease#orphanReason()}. Closing is taken over first (an atomic check-and-delete of the
 * expired lease), so of several servers exactly one closes a given orphan; the broker's closed-run
 * check refuses a second close anyway. On the in-process backend ({@link #none}) there are no
 * leases. Thread-safe.
 */
public final class ForkLeases implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ForkLeases.class);
    private static final BoundedReplies CLOSE_CONFIRMATION =
            new BoundedReplies("the broker", Duration.ofSeconds(10), Ticker.system());

    static final String KEY = "arena:forks";

    /** Null on {@link #none()}. */
    private final Claims claims;

    private final ServerRegistry registry;
    private final Supplier<List<ForkTaskView>> ownTasks;
    private final EventBroker broker;
    private final Duration ttl;
    private final BiConsumer<ForkLease, String> onOrphanClosed;
    private final ScheduledExecutorService schedule;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The child runs this server holds leases on, as of its last renewal (released when their tasks end). */
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    private volatile boolean failing;

    /** With {@code claims} null: no leases, no schedule ({@link #none()}). */
    ForkLeases(
            Claims claims,
            ServerRegistry registry,
            Supplier<List<ForkTaskView>> ownTasks,
            EventBroker broker,
            Timing timing,
            BiConsumer<ForkLease, String> onOrphanClosed) {
        this.claims = claims;
        this.registry = registry;
        this.ownTasks = ownTasks;
        this.broker = broker;
        this.ttl = timing == null ? null : timing.ttl();
        this.onOrphanClosed = onOrphanClosed;
        if (claims == null) {
            this.schedule = null;
            return;
        }
        this.schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "arena-fork-leases");
            t.setDaemon(true);
            return t;
        });
        long heartbeat = timing.heartbeat().toMillis();
        long scanEvery = timing.scanEvery().toMillis();
        schedule.scheduleWithFixedDelay(this::renew, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
        schedule.scheduleWithFixedDelay(this::closeOrphansQuietly, scanEvery, scanEvery, TimeUnit.MILLISECONDS);
    }

    /** No leases (the in-process backend, where no other server can see or take over a fork). */
    public static ForkLeases none() {
        return new ForkLeases(null, null, List::of, null, null, null);
    }

    /**
     * Keeps this server's leases in the Redis at {@code redisUrl} (its own connection, named
     * {@code clientName}) and closes orphans: renewals and the
     * orphan scan as {@code timing} says.
     *
     * @param ownTasks       this server's fork tasks (the running ones get leases)
     * @param onOrphanClosed called once per child run this server closed as orphaned, with the reason (to audit it)
     * @throws BackendUnavailableException when Redis cannot be reached (URL masked)
     */
    public static ForkLeases redis(
            String redisUrl,
            String clientName,
            ServerRegistry registry,
            Supplier<List<ForkTaskView>> ownTasks,
            EventBroker broker,
            Timing timing,
            BiConsumer<ForkLease, String> onOrphanClosed) {
        Claims claims = Claims.inRedisHash(
                RedisScripts.connect(redisUrl, clientName), KEY, HashLayout.HOLDER_IN_VALUE, Expiry.KEEP);
        try {
            return new ForkLeases(claims, registry, ownTasks, broker, timing, onOrphanClosed);
        } catch (RuntimeException e) {
            claims.close();
            throw e;
        }
    }

    /**
     * When leases are renewed ({@code heartbeat}, each for {@code ttl}) and how often orphans are looked
     * for ({@code scanEvery}).
     */
    public record Timing(Duration heartbeat, Duration ttl, Duration scanEvery) {

        /** The registry's heartbeat and TTL; orphans looked for every 5 s, or half the TTL when shorter. */
        public static Timing of(Duration heartbeat, Duration ttl) {
            long half = Math.max(heartbeat.toMillis(), ttl.toMillis() / 2);
            return new Timing(heartbeat, ttl, Duration.ofMillis(Math.min(5_000, half)));
        }
    }

    /** True when leases are kept in Redis (false for {@link #none()}). */
    public boolean shared() {
        return claims != null;
    }

    /** Every lease in Redis now, expired ones included; empty when there are none, on {@link #none()} or when Redis fails. */
    public List<ObservedLease> leases() {
        if (claims == null) {
            return List.of();
        }
        try {
            return observed();
        } catch (RuntimeException e) {
            LOG.debug("fork leases could not be read: {}", e.getMessage());
            return List.of();
        }
    }

    /** The lease of the fork task named {@code name}, if any server holds one. */
    public Optional<ObservedLease> byName(String name) {
        return leases().stream().filter(l -> l.lease().name().equals(name)).findFirst();
    }

    /** The ids of the servers the registry lists as alive now. */
    public Set<String> liveServerIds() {
        return registry == null
                ? Set.of()
                : registry.servers().stream().map(ServerEntry::id).collect(Collectors.toSet());
    }

    /** Every lease in Redis now, expired ones included. */
    private List<ObservedLease> observed() {
        return claims.list().stream()
                .map(ObservedLease::of)
                .filter(Objects::nonNull)
                .toList();
    }

    /** One heartbeat: renews (or claims again) the leases of this server's running tasks, releases the rest. */
    void renew() {
        if (closed.get()) {
            return;
        }
        try {
            ServerEntry self = registry.self();
            Map<String, ForkLease> current = new LinkedHashMap<>();
            for (ForkTaskView task : ownTasks.get()) {
                if (task.isRunning()) {
                    current.put(
                            task.childRunId(),
                            new ForkLease(
                                    task.name(),
                                    task.childRunId(),
                                    task.parentRunId(),
                                    task.atSeq(),
                                    self.id(),
                                    self.url(),
                                    task.startedAt()));
                }
            }
            hold(self.id(), current);
            if (failing) {
                failing = false;
                LOG.info("fork lease renewal works again ({} lease(s))", current.size());
            }
        } catch (RuntimeException e) {
            if (!failing && !closed.get()) {
                failing = true;
                LOG.warn(
                        "fork lease renewal failed (retrying every beat; other servers treat this server's forks as orphaned "
                                + "only once it also leaves the registry): {}",
                        e.getMessage());
            }
        }
    }

    /** Holds exactly {@code current}'s leases for {@code owner}: each renewed or claimed again, every other one it held released. */
    private void hold(String owner, Map<String, ForkLease> current) {
        for (ForkLease lease : current.values()) {
            String payload = WireJson.write(lease);
            held.add(lease.childRunId());
            if (!claims.renew(lease.childRunId(), owner, payload, ttl)) {
                claims.claim(lease.childRunId(), owner, payload, ttl);
            }
        }
        for (String child : List.copyOf(held)) {
            if (!current.containsKey(child)) {
                claims.release(child, owner);
                held.remove(child);
            }
        }
    }

    private void closeOrphansQuietly() {
        try {
            closeOrphans();
        } catch (RuntimeException e) {
            LOG.warn("orphaned fork scan failed (retried on the next scan): {}", e.getMessage());
        }
    }

    /**
     * One scan: every orphaned lease is claimed and, for the claims this server won, the child run is
     * closed {@code run.error} with the lease's orphan reason.
     *
     * @return how many child runs this server closed
     */
    public int closeOrphans() {
        if (claims == null || closed.get()) {
            return 0;
        }
        List<ObservedLease> all = observed();
        if (all.isEmpty()) {
            return 0;
        }
        Set<String> live = liveServerIds();
        int closedRuns = 0;
        for (ObservedLease observed : all) {
            if (OrphanRule.orphaned(observed, live)
                    && claims.takeOver(
                            observed.lease().childRunId(), observed.lease().ownerId())
                    && closeChild(observed.lease())) {
                closedRuns++;
            }
        }
        return closedRuns;
    }

    private boolean closeChild(ForkLease lease) {
        String reason = lease.orphanReason();
        RunId child;
        try {
            child = RunId.parse(lease.childRunId());
        } catch (IllegalArgumentException e) {
            LOG.warn("dropped a fork lease with an invalid child run id: {}", e.getMessage());
            return false;
        }
        Optional<RunInfo> run = broker.run(child);
        if (run.isEmpty() || !run.get().isOpen()) {
            LOG.info(
                    "fork {}: lease of gone server {} dropped; its child run {} is {}",
                    lease.name(),
                    lease.ownerId(),
                    child,
                    run.isEmpty() ? "no longer in the broker" : "already closed");
            return false;
        }
        try {
            CLOSE_CONFIRMATION.await(
                    "run.error for orphaned " + child,
                    broker.closeRun(child, RunOutcome.ERROR, Map.of("reason", reason, "fork", lease.name())));
        } catch (RunClosedException | UnknownRunException e) {
            LOG.info("fork {}: child run {} was closed by someone else meanwhile", lease.name(), child);
            return false;
        } catch (ArenaException e) {
            // the broker is unavailable, did not confirm in time, or this thread was interrupted (flag kept)
            LOG.error(
                    "fork {}: closing orphaned child run {} failed (the reaper closes it later): {}",
                    lease.name(),
                    child,
                    e.getMessage());
            return false;
        }
        LOG.warn("fork {}: closed child run {} as run.error: {}", lease.name(), child, reason);
        onOrphanClosed.accept(lease, reason);
        return true;
    }

    /**
     * Stops renewing and scanning and removes this server's leases (call after its fork tasks ended, so
     * nothing is left for peers to close). Idempotent; never throws.
     */
    @Override
    public void close() {
        if (claims == null || !closed.compareAndSet(false, true)) {
            return;
        }
        schedule.shutdown();
        try {
            if (!schedule.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.warn("fork lease schedule did not stop within 2 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            hold(registry.self().id(), Map.of());
        } catch (RuntimeException e) {
            LOG.warn(
                    "could not remove this server's fork leases (peers drop them once they expire): {}",
                    e.getMessage());
        } finally {
            claims.close();
        }
    }
}
