package dev.arena.server;

import dev.arena.auth.ReaderTokens;
import dev.arena.broker.EventBroker;
import dev.arena.config.ReaderAuthSettings;
import dev.arena.store.RunStore;
import dev.arena.time.Ticker;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * The read side of one server, wired in one place: the hub that pumps every reader's stream, the read
 * path over both tiers, the guard that checks reader tokens, and the endpoints readers come through
 * ({@code /events}, {@code /ws}, {@code /debug/readers}). SSE and WebSocket get the same sources, guard
 * and hub by construction, so their rules cannot drift apart.
 */
final class ReadSide {

    /** How the transports pace and bound their readers (the server builder's options). */
    record Settings(
            Clock clock,
            Ticker ticker,
            Duration heartbeat,
            Duration stallTimeout,
            int batchBytes,
            Duration linger,
            int wsMaxMessageBytes) {}

    /** WebSocket subscriptions one socket may hold. */
    private static final int RUNS_PER_SOCKET = 256;

    private final SseHub hub;
    private final ReaderTokens tokens;
    private final ReaderGuard guard;
    private final ReaderDrops drops = new ReaderDrops();
    private final EventsEndpoint events;
    private final WsEndpoint ws;
    private final ReadersEndpoint readers;

    /**
     * @param reads the store as requests read it (a store that is down answers 503 at once)
     */
    ReadSide(
            Server jetty,
            QueuedThreadPool pool,
            Settings settings,
            EventBroker broker,
            RunStore reads,
            PrometheusMetrics metrics,
            ReaderAuthSettings auth) {
        hub = new SseHub(
                pool,
                settings.clock(),
                settings.ticker(),
                settings.heartbeat(),
                settings.stallTimeout(),
                settings.batchBytes(),
                settings.linger(),
                new DeliveryLag(metrics.deliveryLag(), settings.clock()),
                drops);
        LiveRuns live = new LiveRuns(broker, pool, Duration.ofSeconds(1));
        hub.onTick(live::tick);
        RunSources sources = new RunSources(broker, reads);
        tokens = ReaderTokens.from(auth, settings.clock());
        guard = new ReaderGuard(tokens);
        ServerWebSocketContainer sockets = ServerWebSocketContainer.ensure(jetty);
        sockets.setMaxTextMessageSize(settings.wsMaxMessageBytes());
        sockets.setMaxBinaryMessageSize(settings.wsMaxMessageBytes());
        // Jetty gathers a reader's batched frames in a buffer of this size and writes whenever it is full: at its
        // default (4 KiB) a 64 KiB batch of a reader catching up was 16 writes and 16 flush cycles, one as SSE's.
        // Pooled, and held only while a batch is being written, as SSE holds its batch's bytes.
        sockets.setOutputBufferSize(settings.batchBytes());
        ws = new WsEndpoint(
                sockets,
                guard,
                (grant, initial) -> new WsSession(
                        hub,
                        sources,
                        live,
                        settings.ticker(),
                        settings.batchBytes(),
                        RUNS_PER_SOCKET,
                        initial,
                        guard,
                        grant));
        events = new EventsEndpoint(sources, hub, guard);
        readers = new ReadersEndpoint(broker, hub::readers, settings.clock());
    }

    SseHub hub() {
        return hub;
    }

    ReaderTokens tokens() {
        return tokens;
    }

    ReaderGuard guard() {
        return guard;
    }

    ReaderDrops drops() {
        return drops;
    }

    EventsEndpoint events() {
        return events;
    }

    WsEndpoint ws() {
        return ws;
    }

    ReadersEndpoint readers() {
        return readers;
    }
}
