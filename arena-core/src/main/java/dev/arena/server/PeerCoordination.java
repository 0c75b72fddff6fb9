package dev.arena.server;

import dev.arena.broker.Brokers;
import dev.arena.broker.EventBroker;
import dev.arena.broker.redis.RedisScripts;
import dev.arena.config.ArenaConfig;
import dev.arena.coordination.Claims;
import dev.arena.coordination.Expiry;
import dev.arena.coordination.HashLayout;
import dev.arena.fork.ForkService;
import dev.arena.lease.Lease;
import dev.arena.lease.Leases;
import dev.arena.ownership.ForkLeases;
import dev.arena.registry.ServerAnnouncement;
import dev.arena.registry.ServerRegistries;
import dev.arena.registry.ServerRegistry;
import dev.arena.store.Archiver;
import dev.arena.time.Ticker;
import dev.arena.wire.Backend;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a server coordinates with its peers (docs/design.md, "Several servers"): the registry, fork
 * leases, archive claims and the reaper lease live in Redis on the Redis backend, each on its own
 * named connection, and in this JVM on the in-process backend. Chosen by the configured backend,
 * never by an injected broker, so a test's private broker never points them elsewhere. Whatever
 * it returns is the caller's to close.
 */
final class PeerCoordination {

    /** Logged under the server's name: these lines are the server's. */
    private static final Logger LOG = LoggerFactory.getLogger(ArenaServer.class);

    private final ArenaConfig config;

    PeerCoordination(ArenaConfig config) {
        this.config = config;
    }

    private boolean inRedis() {
        return config.backend() == Backend.REDIS;
    }

    private static String connectionName(String suffix) {
        return Brokers.clientName("arena-server") + suffix;
    }

    /**
     * Joins the registry as {@code self}: on the Redis backend the entry is written now and renewed
     * on a heartbeat; on the in-process backend the registry lists only this server.
     */
    ServerRegistry announce(ServerAnnouncement self) {
        if (!inRedis()) {
            return ServerRegistries.local(self);
        }
        ServerRegistry joined =
                ServerRegistries.redis(config.redisUrl(), connectionName("/registry"), self, config.registry());
        LOG.info(
                "arena server {} announced in the registry at {} (heartbeat {} ms, TTL {} ms)",
                self.id(),
                self.url(),
                config.registry().heartbeat().toMillis(),
                config.registry().ttl().toMillis());
        return joined;
    }

    /**
     * Fork ownership: on the Redis backend the leases of this server's running forks are renewed on
     * the registry's heartbeat and orphans are closed; each orphan this server closes is audited as
     * {@code close-orphan}. None on the in-process backend.
     */
    ForkLeases forkLeases(ServerRegistry registry, ForkService forks, EventBroker broker, AuditTrail audit) {
        if (!inRedis()) {
            return ForkLeases.none();
        }
        return ForkLeases.redis(
                config.redisUrl(),
                connectionName("/forks"),
                registry,
                forks::runningBrief,
                broker,
                ForkLeases.Timing.of(
                        config.registry().heartbeat(), config.registry().ttl()),
                (lease, reason) -> audit.record(
                        "close-orphan",
                        lease.childRunId(),
                        "ok",
                        reason + "; fork task " + lease.name() + ", parent " + lease.parentRunId()));
    }

    /**
     * The claims of the runs being archived: on the Redis backend the hash {@link Archiver#CLAIMS_KEY}
     * every server shares, so each run has one archiver at a time; on the in-process backend in this JVM.
     */
    Claims archiveClaims(Ticker ticker) {
        if (!inRedis()) {
            return Claims.inProcess(ticker, Expiry.FORGET);
        }
        return Claims.inRedisHash(
                RedisScripts.connect(config.redisUrl(), connectionName("/archive")),
                Archiver.CLAIMS_KEY,
                HashLayout.HOLDER_IN_VALUE,
                Expiry.FORGET);
    }

    /**
     * The periodic reaper's lease, held as {@code id}: in Redis on the Redis backend (renewed every
     * reaper tick, lapsing after {@code ttl} when this server dies), always held on the in-process backend.
     */
    Lease reaperLease(String id, Duration ttl) {
        if (!inRedis()) {
            return Leases.alone(id);
        }
        return Leases.redis(config.redisUrl(), connectionName("/lease"), Leases.REAPER, id, ttl);
    }
}
