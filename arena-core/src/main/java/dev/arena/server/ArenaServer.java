package dev.arena.server;

import dev.arena.broker.Brokers;
import dev.arena.broker.EventBroker;
import dev.arena.broker.Reaper;
import dev.arena.config.ArenaConfig;
import dev.arena.config.HttpEdgeSettings;
import dev.arena.coordination.Claims;
import dev.arena.fork.ForkService;
import dev.arena.ownership.ForkLeases;
import dev.arena.registry.ServerAnnouncement;
import dev.arena.registry.ServerRegistry;
import dev.arena.store.Archiver;
import dev.arena.store.RunStore;
import dev.arena.time.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code arena server}: the HTTP/SSE API of docs/api.md on Jetty 12 core handlers, with the
 * archiver (ended runs → the store, DuckDB or PostgreSQL, about every second) and the reaper on a schedule
 * ({@link ServerSchedule}). Build with
 * {@link #builder(ArenaConfig)}, then {@link #start()}; {@link #close()} runs the bounded
 * shutdown (docs/design.md, "Server"). A broker or fork service passed in is shut down too (fork tasks) but an injected
 * broker is only flushed, never closed — its owner closes it.
 */
public final class ArenaServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ArenaServer.class);

    private final Builder options;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile int shutdownOverruns;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private EventBroker broker;
    private boolean ownsBroker;
    private ForkService forks;
    private RunStore store;
    private Archiver archiver;
    /** The claims of runs this server archives (one archiver per run across servers); closed at shutdown. */
    private Claims archiveClaims;
    /** This process's registry id, drawn at construction so the archiver claims runs under it from the start. */
    private final String serverId = ServerAnnouncement.newId();

    /** Every reader's hub, read path, guard and endpoints. */
    private ReadSide readSide;

    private Router router;
    private Server jetty;
    private ServerConnector connector;
    /** The archive passes and the reaper (with its lease). */
    private ServerSchedule schedule;
    /** Set once the port is bound (its URL is announced); read by {@code /health}. */
    private volatile ServerRegistry registry;
    /** Set right after the registry: this server's fork leases and the orphan scan. */
    private volatile ForkLeases leases;

    private final Instant startedAt;

    private ArenaServer(Builder options) {
        this.options = options;
        this.startedAt = options.clock.instant();
    }

    /** A builder starting from {@code config} (host, port, store, admin token, reaper grace, stuck-after). */
    public static Builder builder(ArenaConfig config) {
        return new Builder(config);
    }

    /**
     * Opens the store, connects the broker (unless one was injected), binds the port and starts the
     * schedules. On failure everything opened so far is released.
     *
     * @return this
     * @throws IllegalStateException when called twice
     */
    public ArenaServer start() throws Exception {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("server already started");
        }
        ArenaConfig config = options.config;
        try {
            store = RunStore.open(config.store());
            broker = options.broker;
            if (broker == null) {
                broker = Brokers.fromConfig(config, "arena-server");
                ownsBroker = true;
            }
            forks = options.forks != null
                    ? options.forks
                    : new ForkService(
                            broker,
                            options.clock,
                            options.ticker,
                            config.forkStuckAfter(),
                            options.allowFaultInjection);
            PeerCoordination peers = new PeerCoordination(config);
            archiveClaims = peers.archiveClaims(options.ticker);
            archiver = new Archiver(
                    broker,
                    store,
                    options.ticker,
                    archiveClaims,
                    serverId,
                    config.registry().ttl(),
                    options.clock,
                    config.brokerSettings().streamMaxAge());
            Reaper reaper = new Reaper(broker, options.clock, config.reaperGrace(), archiver.reaperHook());

            QueuedThreadPool pool = new QueuedThreadPool(options.maxThreads, 4);
            pool.setName("arena-http");
            pool.setDaemon(true);
            jetty = new Server(pool);
            jetty.setStopTimeout(0); // streams are ended first (see close); idle keep-alives need no grace
            HttpConfiguration http = new HttpConfiguration();
            http.setSendServerVersion(false);
            connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
            connector.setHost(config.httpHost());
            connector.setPort(config.httpPort());
            connector.setIdleTimeout(
                    options.idleTimeout != null
                            ? options.idleTimeout.toMillis()
                            : Math.max(60_000, options.heartbeat.toMillis() * 3));
            connector.setAcceptQueueSize(1024);
            jetty.addConnector(connector);
            HttpEdgeSettings edge = config.httpEdge();
            jetty.addBean(new NetworkConnectionLimit(edge.maxConnections(), connector));
            jetty.addBean(new RequestHeadDeadline(connector, edge.requestHeadTimeout(), options.ticker));
            PrometheusMetrics metrics = new PrometheusMetrics(options.version, broker.backend());
            HealthProbes probes = new HealthProbes(
                    broker, store, config, () -> registry, options.clock, startedAt, options.version, options.ticker);
            RunStore reads = new ReadGatedStore(store, probes::store);
            readSide = new ReadSide(
                    jetty,
                    pool,
                    new ReadSide.Settings(
                            options.clock,
                            options.ticker,
                            options.heartbeat,
                            options.stallTimeout,
                            options.sseBatchBytes,
                            options.sseLinger,
                            options.wsMaxMessageBytes),
                    broker,
                    reads,
                    metrics,
                    config.readerAuth());
            String[] secrets = secrets(config);
            AuditTrail audit = new AuditTrail(config.auditLog(), options.clock, secrets);
            router = routes(config, reaper, audit, secrets, metrics, probes, reads);
            // timing outermost, so the edge's refusals (421/403/415) are timed too, under route "unmatched"
            jetty.setHandler(new RequestTiming(
                    new EdgeGuard(new HostPolicy(edge.allowedHosts(), config.httpHost()), router),
                    metrics.requestDuration(),
                    options.ticker));
            jetty.setErrorHandler(new JsonErrorHandler());
            if (options.accessLog != null) {
                jetty.setRequestLog(AccessLog.to(options.accessLog));
            }
            jetty.start();
            registry = peers.announce(ServerAnnouncement.ofThisProcess(
                    serverId, config.registry().advertisedUrl().orElse(url()), options.version, startedAt));
            leases = peers.forkLeases(registry, forks, broker, audit);

            schedule = new ServerSchedule(archiver, options.archiveInterval);
            long reapMillis = ServerSchedule.reapMillis(config.reaperGrace());
            schedule.reap(
                    reaper,
                    forks,
                    peers.reaperLease(registry.self().id(), Duration.ofMillis(reapMillis * 3)),
                    reapMillis);
            LOG.info(
                    "arena server listening on {} (backend {}, store {} {}, fault injection {})",
                    url(),
                    broker.backend(),
                    store.location().kind().wireName(),
                    store.location(),
                    options.allowFaultInjection ? "ON" : "off");
            return this;
        } catch (Exception | Error e) {
            LOG.error("arena server failed to start: {}", e.getMessage());
            close();
            throw e;
        }
    }

    private Router routes(
            ArenaConfig config,
            Reaper reaper,
            AuditTrail audit,
            String[] secrets,
            PrometheusMetrics metrics,
            HealthProbes probes,
            RunStore reads) {
        ReaderGuard guard = readSide.guard();
        SseHub hub = readSide.hub();
        RunViews views = new RunViews(broker, reads, archiver, options.clock);
        RunsEndpoint runs = new RunsEndpoint(views, guard);
        ForksEndpoint forkApi = new ForksEndpoint(forks, () -> registry, () -> leases);
        MetricsEndpoint metricsApi = new MetricsEndpoint(
                broker, forks, archiver, options.clock, config.brokerSettings().streamMaxLen());
        AdminEndpoint admin = new AdminEndpoint(
                        new AdminAuth(config.adminToken(), readSide.tokens()),
                        audit,
                        broker,
                        reaper,
                        store,
                        forks,
                        secrets)
                .forwardingTo(forkApi::remote, () -> registry);
        WatchPage watch = new WatchPage();
        return new Router(secrets)
                .route(
                        "GET",
                        "/health",
                        new HealthEndpoint(
                                broker,
                                store,
                                config,
                                options.clock,
                                startedAt,
                                options.version,
                                options.allowFaultInjection,
                                () -> registry,
                                options.ticker,
                                probes::store))
                .route("GET", "/health/live", probes::live)
                .route("GET", "/health/ready", probes::ready)
                .route("GET", "/runs", runs::list)
                .route("GET", "/runs/{id}", runs::one)
                .route("GET", "/events", readSide.events())
                .route("GET", "/ws", readSide.ws())
                // aggregate counters, no run id: any valid reader token
                .route("GET", "/metrics", exchange -> {
                    guard.authenticate(exchange);
                    metricsApi.handle(exchange);
                })
                .route(
                        "GET",
                        "/metrics/prometheus",
                        new PrometheusEndpoint(
                                broker, forks, readSide.drops(), hub::readers, archiver, metrics.registry()))
                // every run's forks, with worker stacks, and starting one: admin tokens only
                .route("POST", "/forks", exchange -> {
                    guard.requireAdmin(exchange);
                    forkApi.start(exchange);
                })
                .route("GET", "/debug/forks", exchange -> {
                    guard.requireAdmin(exchange);
                    forkApi.list(exchange);
                })
                .route("GET", "/debug/forks/{name}", exchange -> {
                    guard.requireAdmin(exchange);
                    forkApi.one(exchange);
                })
                .route("POST", "/admin/runs/{id}/reap", admin::reap)
                .route("POST", "/admin/forks/{name}/cancel", admin::cancelFork)
                // every reader's address and runs: admin tokens only
                .route("GET", "/debug/readers", exchange -> {
                    guard.requireAdmin(exchange);
                    readSide.readers().handle(exchange);
                })
                .route("GET", "/watch/assets/{file}", watch::asset)
                .route("GET", "/watch/{id}", watch::page);
    }

    private static String[] secrets(ArenaConfig config) {
        return config.secrets();
    }

    /** The bound port (the real one when configured with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://host:port}. */
    public String url() {
        String host = options.config.httpHost();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port();
    }

    /** The broker this server streams from. */
    public EventBroker broker() {
        return broker;
    }

    /** The fork service behind {@code POST /forks}. */
    public ForkService forks() {
        return forks;
    }

    /** Persists every ended run the broker holds that is not archived yet; returns how many were written. */
    public int archiveNow() {
        return archiver.archive();
    }

    /** The SSE streams (tests inspect buffering and eviction). */
    SseHub hub() {
        return readSide.hub();
    }

    /** This server's registry: its own entry and its peers (null before {@link #start()} bound the port). */
    public ServerRegistry registry() {
        return registry;
    }

    /** This server's fork leases (null before {@link #start()} joined the registry). */
    public ForkLeases leases() {
        return leases;
    }

    /** After {@link #close}: how many shutdown steps overran their bound or failed (0: it stopped cleanly). */
    public int shutdownOverruns() {
        return shutdownOverruns;
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /**
     * The shutdown of docs/design.md, "Server", each step bounded and logged loudly on overrun: leave the registry, stop
     * accepting, stop the schedules and give up the reaper lease (a peer reaps from its next tick), cancel fork
     * tasks (their runs close {@code cancelled}), archive what ended, end SSE streams, flush the
     * broker, close the store. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Duration bound = options.shutdownStepTimeout;
        ShutdownSequence seq = new ShutdownSequence(options.ticker);
        LOG.info("arena server shutting down");
        if (registry != null) {
            // first, so peers and tools stop listing (and sending readers to) a server that is leaving
            seq.step("leave the registry", bound, registry::close);
        }
        if (router != null) {
            router.refuseNewRequests();
        }
        if (connector != null) {
            seq.step("stop accepting", bound, connector::close);
        }
        if (schedule != null) {
            schedule.stop(seq, bound);
        }
        if (forks != null) {
            Duration forkBound = options.forkShutdownTimeout;
            seq.step("cancel fork tasks", forkBound.plus(bound), () -> forks.shutdown(forkBound));
        }
        if (leases != null) {
            // after the tasks ended, so no lease of a live task is dropped and none is left for peers to close
            seq.step("drop fork leases", bound, leases::close);
        }
        if (archiver != null) {
            if (broker != null) {
                seq.step("flush broker before archiving", bound, () -> broker.flush(bound));
            }
            seq.step("archive runs", bound, archiver::archive);
            // peers continue the runs this server archived at once, not after the claims' TTL
            seq.step("release archive claims", bound, archiver::releaseClaims);
        }
        if (archiveClaims != null) {
            seq.step("close archive claims", bound, archiveClaims::close);
        }
        if (readSide != null) {
            SseHub hub = readSide.hub();
            seq.step("end SSE streams", bound, () -> {
                if (!hub.close(Duration.ofSeconds(2))) {
                    LOG.warn(
                            "{} SSE stream(s) had not finished their last write; their connections will be cut",
                            hub.size());
                }
            });
        }
        if (jetty != null) {
            seq.step("stop HTTP", bound, jetty::stop);
        }
        if (broker != null) {
            seq.step("flush broker", bound, () -> broker.flush(bound));
            if (ownsBroker) {
                seq.step("close broker", bound, broker::close);
            }
        }
        if (store != null) {
            seq.step("close the store", bound, store::close);
        }
        shutdownOverruns = seq.overruns();
        if (seq.overruns() > 0) {
            LOG.error("arena server stopped with {} shutdown step(s) overrun or failed (see above)", seq.overruns());
        } else {
            LOG.info("arena server stopped cleanly");
        }
        stopped.countDown();
    }

    /** Options of one server; defaults suit production, tests shorten the timings. */
    public static final class Builder {
        private final ArenaConfig config;
        private EventBroker broker;
        private ForkService forks;
        private Clock clock = Clock.systemUTC();
        private Ticker ticker = Ticker.system();
        private boolean allowFaultInjection;
        private Duration heartbeat = Duration.ofSeconds(15);
        private Duration stallTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout;
        private int sseBatchBytes = 64 * 1024;
        private int wsMaxMessageBytes = 4096;
        private Duration sseLinger = Duration.ofMillis(1);
        private Duration archiveInterval = Duration.ofSeconds(1);
        private Duration shutdownStepTimeout = Duration.ofSeconds(10);
        private Duration forkShutdownTimeout = Duration.ofSeconds(10);
        private int maxThreads = 64;
        private String version = versionOf(ArenaServer.class);
        private String accessLog;

        private Builder(ArenaConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** Streams from this broker (not closed by the server); default: {@code Brokers.fromConfig(config, "arena-server")}. */
        public Builder broker(EventBroker broker) {
            this.broker = broker;
            return this;
        }

        /** Uses this fork service; default: one built on the server's broker and clock. */
        public Builder forkService(ForkService forks) {
            this.forks = forks;
            return this;
        }

        /** Wall time: timestamps, uptime, audit lines (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Elapsed time and waiting: heartbeats, stall eviction, request timing, shutdown bounds (default the system ticker). */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** Accept {@code scenario} fault injection on {@code POST /forks} ({@code --allow-fault-injection}). */
        public Builder allowFaultInjection(boolean allow) {
            this.allowFaultInjection = allow;
            return this;
        }

        /** SSE comment heartbeat on quiet streams (default 15 s). */
        public Builder heartbeat(Duration heartbeat) {
            this.heartbeat = positive(heartbeat, "heartbeat");
            return this;
        }

        /** How long a client's full send buffer may stay unread before it is evicted (default 10 s). */
        public Builder stallTimeout(Duration stallTimeout) {
            this.stallTimeout = positive(stallTimeout, "stallTimeout");
            return this;
        }

        /**
         * How long a connection may stay silent — between requests, or mid-body, where a stalled
         * body then answers 408 (default: 60 s, or three heartbeats if longer). Keep it above the
         * heartbeat, or quiet SSE streams are cut.
         */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = positive(idleTimeout, "idleTimeout");
            return this;
        }

        /** The largest text or binary message a WebSocket client may send (default 4 KiB); larger closes with 1009. */
        public Builder wsMaxMessageBytes(int bytes) {
            if (bytes < 256) {
                throw new IllegalArgumentException("wsMaxMessageBytes must be at least 256, got " + bytes);
            }
            this.wsMaxMessageBytes = bytes;
            return this;
        }

        /** Bytes of SSE frames handed to one client per write: its bounded send buffer (default 64 KiB). */
        public Builder sseBatchBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("sseBatchBytes must be at least 1024, got " + bytes);
            }
            this.sseBatchBytes = bytes;
            return this;
        }

        /**
         * How long the SSE flusher waits after the first new event before writing to every woken
         * client (default 1 ms; zero writes at once). Longer lingers batch more per write.
         */
        public Builder sseLinger(Duration linger) {
            if (linger == null || linger.isNegative() || linger.compareTo(Duration.ofMillis(100)) > 0) {
                throw new IllegalArgumentException("sseLinger must be 0..100 ms, got " + linger);
            }
            this.sseLinger = linger;
            return this;
        }

        /** How often ended runs are archived to the store (default 1 s). */
        public Builder archiveInterval(Duration interval) {
            this.archiveInterval = positive(interval, "archiveInterval");
            return this;
        }

        /** Bound of each shutdown step (default 10 s). */
        public Builder shutdownStepTimeout(Duration bound) {
            this.shutdownStepTimeout = positive(bound, "shutdownStepTimeout");
            return this;
        }

        /** How long shutdown waits for cancelled fork tasks (default 10 s). */
        public Builder forkShutdownTimeout(Duration bound) {
            this.forkShutdownTimeout = positive(bound, "forkShutdownTimeout");
            return this;
        }

        /** Jetty worker threads (default 64); SSE clients do not hold one each. */
        public Builder maxThreads(int threads) {
            if (threads < 8) {
                throw new IllegalArgumentException("maxThreads must be at least 8, got " + threads);
            }
            this.maxThreads = threads;
            return this;
        }

        /** The version {@code /health} and {@code arena_build_info} report. */
        public Builder version(String version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /**
         * Writes one line per request ({@code ARENA_ACCESS_LOG}): {@code -} into the process log, or
         * appended to this owner-only file; {@code null} (the default) for none.
         */
        public Builder accessLog(String target) {
            this.accessLog = target;
            return this;
        }

        public ArenaServer build() {
            return new ArenaServer(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }

        private static String versionOf(Class<?> type) {
            String v = type.getPackage() == null ? null : type.getPackage().getImplementationVersion();
            return v == null ? "dev" : v;
        }
    }
}
