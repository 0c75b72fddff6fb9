package dev.arena.server;

import dev.arena.broker.EventBroker;
import dev.arena.config.ArenaConfig;
import dev.arena.config.Secrets;
import dev.arena.registry.ServerRegistry;
import dev.arena.store.RunStore;
import dev.arena.time.Ticker;
import dev.arena.wire.Backend;
import dev.arena.wire.DependencyStatus;
import dev.arena.wire.Liveness;
import dev.arena.wire.Readiness;
import dev.arena.wire.ReadinessStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code GET /health/live} and {@code GET /health/ready} (docs/api.md), the probes a load balancer or an orchestrator
 * asks. Liveness touches nothing but this process. Readiness checks the broker, the store and the registry through
 * one {@link CachedProbe} each (fresh for {@link #FRESH}, waited for at most {@link #BOUND}), so it answers within
 * about a second while a dependency hangs, and a store outage reads {@code degraded}, not dead: live streams go on.
 */
final class HealthProbes {

    /** How long a dependency's check is reused. */
    static final Duration FRESH = Duration.ofSeconds(2);
    /** How long a request waits for a dependency's check. */
    static final Duration BOUND = Duration.ofMillis(800);

    private static final Executor CHECKS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "arena-readiness-probe");
        t.setDaemon(true);
        return t;
    });

    private final Clock clock;
    private final Instant startedAt;
    private final String version;
    private final CachedProbe broker;
    private final CachedProbe store;
    private final CachedProbe registry;

    HealthProbes(
            EventBroker broker,
            RunStore store,
            ArenaConfig config,
            Supplier<ServerRegistry> registry,
            Clock clock,
            Instant startedAt,
            String version,
            Ticker ticker) {
        this.clock = clock;
        this.startedAt = startedAt;
        this.version = version;
        this.broker = new CachedProbe(
                () -> {
                    long started = ticker.nanos();
                    try {
                        broker.run(HealthEndpoint.PROBE); // one round trip, touching only a run id no producer uses
                    } catch (RuntimeException e) {
                        throw new IllegalStateException(masked(config, e.getMessage()));
                    }
                    return broker.backend() + " answered in "
                            + ticker.since(started).toMillis() + " ms";
                },
                FRESH,
                BOUND,
                ticker,
                CHECKS);
        this.store = new CachedProbe(
                () -> {
                    if (!store.healthy()) {
                        throw new IllegalStateException(store.location() + " did not answer a query"
                                + " (is it running and reachable? the server log has the cause)");
                    }
                    return store.location().toString();
                },
                FRESH,
                BOUND,
                ticker,
                CHECKS);
        this.registry = config.backend() != Backend.REDIS
                ? null
                : new CachedProbe(
                        () -> {
                            ServerRegistry known = registry.get();
                            if (known == null) {
                                throw new IllegalStateException("not joined yet");
                            }
                            try {
                                return known.servers().size() + " server(s) listed";
                            } catch (RuntimeException e) {
                                throw new IllegalStateException(masked(config, e.getMessage()));
                            }
                        },
                        FRESH,
                        BOUND,
                        ticker,
                        CHECKS);
    }

    private static String masked(ArenaConfig config, String message) {
        return Secrets.scrub(String.valueOf(message), config.secrets())
                .replace(config.redisUrl(), config.maskedRedisUrl());
    }

    /** The store's status now (cached, bounded): what {@code /health}'s store section shows too. */
    Readiness.Dependency store() {
        return store.current();
    }

    /** {@code GET /health/live}: 200 while the process serves. */
    void live(Exchange exchange) {
        exchange.json(
                200,
                new Liveness(
                        "live", Duration.between(startedAt, clock.instant()).toSeconds(), startedAt, version));
    }

    /** {@code GET /health/ready}: 200 {@code ready} or {@code degraded}, 503 {@code unavailable} (the broker is down). */
    void ready(Exchange exchange) {
        Readiness answer = readiness();
        exchange.json(answer.httpStatus(), answer);
    }

    Readiness readiness() {
        Readiness.Dependencies deps = new Readiness.Dependencies(
                broker.current(),
                store.current(),
                registry == null
                        ? new Readiness.Dependency(
                                DependencyStatus.NOT_USED, "the in-process backend has no registry", 0)
                        : registry.current());
        ReadinessStatus status = deps.broker().down()
                ? ReadinessStatus.UNAVAILABLE
                : deps.anyDown() ? ReadinessStatus.DEGRADED : ReadinessStatus.READY;
        return new Readiness(status, deps);
    }
}
