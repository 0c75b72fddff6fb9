package dev.arena.registry;

import dev.arena.coordination.Claims;
import dev.arena.time.Ticker;
import dev.arena.wire.ServerEntry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's claim in {@link RegistryHash}, renewed every heartbeat on a daemon thread (claimed again
 * when it was forgotten meanwhile). A failed renewal is logged once per failure streak (Redis away)
 * and retried on the next beat; when Redis comes back the entry is written again.
 */
final class HeartbeatRegistry implements ServerRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatRegistry.class);

    private final Claims claims;
    private final String where;
    private final ServerAnnouncement announcement;
    private final String payload;
    private final Duration ttl;
    private final Ticker ticker;
    private final ScheduledExecutorService beats;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean failing;
    /** {@link Ticker#nanos()} of the last renewal Redis confirmed; empty before the first. */
    private volatile Long lastBeat;

    /**
     * @param where names the registry's store in log lines, e.g. the masked Redis URL
     */
    HeartbeatRegistry(
            Claims claims,
            String where,
            ServerAnnouncement announcement,
            Duration heartbeat,
            Duration ttl,
            Ticker ticker) {
        this.claims = claims;
        this.where = where;
        this.announcement = announcement;
        this.payload = RegistryHash.payload(announcement);
        this.ttl = ttl;
        this.ticker = ticker;
        beat();
        this.beats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "arena-registry-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = heartbeat.toMillis();
        beats.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    private void beat() {
        if (closed.get()) {
            return;
        }
        String id = announcement.id();
        try {
            if (!claims.renew(id, id, payload, ttl)) {
                claims.claim(id, id, payload, ttl); // forgotten (Redis away longer than the TTL): announce again
            }
            lastBeat = ticker.nanos();
            if (failing) {
                failing = false;
                LOG.info("registry heartbeat works again: server {} is listed in {}", id, where);
            }
        } catch (RuntimeException e) {
            if (!failing && !closed.get()) {
                failing = true;
                LOG.warn(
                        "registry heartbeat failed (retrying every beat; peers stop listing this server after {} ms): {}",
                        ttl.toMillis(),
                        e.getMessage());
            }
        }
    }

    @Override
    public List<ServerEntry> servers() {
        try {
            List<ServerEntry> all = RegistryHash.list(claims, announcement.id());
            return all.stream().anyMatch(ServerEntry::self) ? all : List.of(self());
        } catch (RuntimeException e) {
            return List.of(self());
        }
    }

    @Override
    public ServerEntry self() {
        Long last = lastBeat;
        long age = last == null ? ttl.toMillis() : ticker.since(last).toMillis();
        return announcement.entry().observed(age, ttl.toMillis(), true);
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // not shutdownNow: a renewal in flight must finish before the entry is removed, or it would write it back
        beats.shutdown();
        try {
            if (!beats.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.warn("registry heartbeat did not stop within 2 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            claims.release(announcement.id(), announcement.id());
        } catch (RuntimeException e) {
            LOG.warn(
                    "could not remove server {} from the registry (peers drop it after its TTL, {} ms): {}",
                    announcement.id(),
                    ttl.toMillis(),
                    e.getMessage());
        } finally {
            claims.close();
        }
    }
}
