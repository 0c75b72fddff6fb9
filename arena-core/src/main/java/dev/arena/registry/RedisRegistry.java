package dev.arena.registry;

import dev.arena.api.ServerEntry;
import dev.arena.broker.redis.RedisScripts;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's entry in {@link RegistryHash}, renewed every heartbeat on a daemon thread. A failed
 * renewal is logged once per failure streak (Redis away) and retried on the next beat; when Redis
 * comes back the entry is written again, even if it was pruned meanwhile.
 */
final class RedisRegistry implements ServerRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(RedisRegistry.class);

    private final RedisScripts redis;
    private final RegistryHash hash;
    private final ServerAnnouncement announcement;
    private final Duration ttl;
    private final ScheduledExecutorService beats;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean failing;
    /** nanoTime of the last renewal Redis confirmed; 0 before the first. */
    private volatile long lastBeat;

    RedisRegistry(RedisScripts redis, ServerAnnouncement announcement, Duration heartbeat, Duration ttl) {
        this.redis = redis;
        this.hash = new RegistryHash(redis);
        this.announcement = announcement;
        this.ttl = ttl;
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
        try {
            long pruned = hash.beat(announcement, ttl);
            lastBeat = System.nanoTime();
            if (failing) {
                failing = false;
                LOG.info("registry heartbeat works again: server {} is listed in {}", announcement.id(), redis.maskedUrl());
            }
            if (pruned > 0) {
                LOG.info("registry: removed {} server entr{} whose heartbeat stopped for longer than its TTL", pruned, pruned == 1 ? "y" : "ies");
            }
        } catch (RuntimeException e) {
            if (!failing && !closed.get()) {
                failing = true;
                LOG.warn("registry heartbeat failed (retrying every beat; peers stop listing this server after {} ms): {}",
                        ttl.toMillis(), e.getMessage());
            }
        }
    }

    @Override
    public List<ServerEntry> servers() {
        try {
            List<ServerEntry> all = hash.list(announcement.id());
            return all.stream().anyMatch(ServerEntry::self) ? all : List.of(self());
        } catch (RuntimeException e) {
            return List.of(self());
        }
    }

    @Override
    public ServerEntry self() {
        long last = lastBeat;
        long age = last == 0 ? ttl.toMillis() : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - last);
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
            hash.remove(announcement.id());
        } catch (RuntimeException e) {
            LOG.warn("could not remove server {} from the registry (peers drop it after its TTL, {} ms): {}",
                    announcement.id(), ttl.toMillis(), e.getMessage());
        } finally {
            redis.close();
        }
    }
}
