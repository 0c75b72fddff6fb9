package dev.arena.bench;

import dev.arena.time.Ticker;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.client.CoreClientUpgradeRequest;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;

/**
 * Many WebSocket readers of {@code GET /ws} on Jetty's non-blocking WebSocket client (its core
 * layer, so each message reaches the {@link BenchReaders.Reader} as the frame's bytes, never as a
 * decoded string), on a small fixed pool of threads named {@value #THREADS_NAME} whose CPU time is
 * the clients'. Pings are answered; the protocol is Jetty's, not the benchmark's.
 */
final class WsClients implements BenchReaders {

    static final String THREADS_NAME = "bench-ws-client";

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * Each received frame whole: with Jetty's default auto-fragmentation a frame the socket read cut in two is
     * handed over as two, and the readers expect one message per call.
     */
    private static final Configuration.ConfigurationCustomizer WHOLE_FRAMES =
            new Configuration.ConfigurationCustomizer();

    static {
        WHOLE_FRAMES.setAutoFragment(false);
    }

    private final int port;
    private final IntFunction<String> query;
    private final int count;
    private final Reader reader;
    private final HttpClient http = new HttpClient();
    private final WebSocketCoreClient client;
    private final List<CoreSession> sessions = new ArrayList<>();
    private final AtomicInteger closed = new AtomicInteger();

    /**
     * @param query   the query string of client {@code i}'s {@code /ws} (its run, and a token if any)
     * @param threads the client's threads (selectors included)
     */
    WsClients(int port, IntFunction<String> query, int count, int threads, Reader reader) throws Exception {
        this.port = port;
        this.query = query;
        this.count = count;
        this.reader = reader;
        QueuedThreadPool pool = new QueuedThreadPool(threads, threads);
        pool.setName(THREADS_NAME);
        pool.setIdleTimeout((int) TimeUnit.HOURS.toMillis(1)); // no thread churn: their CPU time is summed
        http.setExecutor(pool);
        http.setScheduler(new ScheduledExecutorScheduler(THREADS_NAME + "-scheduler", false));
        http.setMaxConnectionsPerDestination(count + 16);
        http.setMaxRequestsQueuedPerDestination(count + 16);
        http.setConnectTimeout(60_000);
        client = new WebSocketCoreClient(http, new WebSocketComponents());
        client.start();
    }

    @Override
    public void connectAll() throws Exception {
        List<CompletableFuture<CoreSession>> wave = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            URI uri = URI.create("ws://127.0.0.1:" + port + "/ws?" + query.apply(i));
            CoreClientUpgradeRequest request = CoreClientUpgradeRequest.from(client, uri, new Handler(i));
            request.timeout(60, TimeUnit.SECONDS);
            request.setConfiguration(WHOLE_FRAMES);
            wave.add(client.connect(request));
            if (wave.size() == 256 || i == count - 1) {
                for (CompletableFuture<CoreSession> f : wave) {
                    sessions.add(f.get(60, TimeUnit.SECONDS));
                }
                wave.clear();
            }
        }
    }

    /** The client's own threads do the reading: the caller only waits. */
    @Override
    public void pump(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    @Override
    public int closed() {
        return closed.get();
    }

    /** The CPU time of the client's threads (and the caller's, which only waits), ns. */
    @Override
    public long cpuNanos() {
        long sum = THREADS.getCurrentThreadCpuTime();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(THREADS_NAME)) {
                sum += Math.max(0, THREADS.getThreadCpuTime(t.getId()));
            }
        }
        return sum;
    }

    @Override
    public void close() throws Exception {
        for (CoreSession s : sessions) {
            s.abort();
        }
        client.stop();
        http.stop();
    }

    /** One reader: hands each text frame's payload to the {@link Reader}, answers pings, counts the close. */
    private final class Handler implements FrameHandler {
        private final int index;
        private CoreSession session;

        Handler(int index) {
            this.index = index;
        }

        @Override
        public void onOpen(CoreSession session, Callback callback) {
            this.session = session;
            callback.succeeded();
            session.demand();
        }

        @Override
        public void onFrame(Frame frame, Callback callback) {
            byte op = frame.getOpCode();
            if (op == OpCode.TEXT) {
                reader.read(index, frame.getPayload(), Ticker.system().nanos());
            } else if (op == OpCode.PING) {
                session.sendFrame(
                        new Frame(OpCode.PONG).setPayload(BufferUtil.copy(frame.getPayload())), Callback.NOOP, false);
            }
            callback.succeeded();
            session.demand();
        }

        @Override
        public void onError(Throwable cause, Callback callback) {
            callback.succeeded();
        }

        @Override
        public void onClosed(CloseStatus status, Callback callback) {
            closed.incrementAndGet();
            callback.succeeded();
        }
    }
}
