package dev.arena.server;

import dev.arena.auth.ReaderGrant;
import dev.arena.broker.RunId;
import dev.arena.time.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Every open reader of the server — SSE streams and WebSockets ({@link HubReader}) — with two
 * shared threads: a tick thread (heartbeats or pings on quiet readers, eviction of stalled clients)
 * and a flusher. Streams woken by new events queue on the
 * flusher, which hands every queued stream to the pool in rounds at most one per {@code linger}
 * (default 1 ms): after a quiet spell an event goes out at once, while under a high event rate
 * each client gets one write per linger period instead of one per event — under a millisecond of
 * latency for far fewer syscalls. The flusher parks while nothing is queued and is unparked by
 * the first stream queued; {@link #close(Duration)} waits on a condition signalled when the last
 * stream ends. Nothing here holds a thread per client or polls.
 */
final class SseHub implements AutoCloseable {

    private final Set<HubReader> streams = ConcurrentHashMap.newKeySet();
    private final Executor executor;
    private final Clock clock;
    private final Ticker ticker;
    private final long heartbeatNanos;
    private final long stallNanos;
    private final int batchBytes;
    private final DeliveryLag sseLag;
    private final DeliveryLag wsLag;
    private final ReaderDrops drops;
    private final List<LongConsumer> tickTasks = new CopyOnWriteArrayList<>();
    private final FrameCache frames = new FrameCache(8192);
    private final FrameCache wsFrames = FrameCache.webSocket(8192);
    private final ScheduledExecutorService tickThread;
    private final ReentrantLock drainLock = new ReentrantLock();
    private final Condition drained = drainLock.newCondition();
    private final ConcurrentLinkedQueue<HubReader> ready = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flusherIdle = new AtomicBoolean();
    private final long lingerNanos;
    private final Thread flusher;
    private volatile boolean running = true;

    SseHub(
            Executor executor,
            Clock clock,
            Ticker ticker,
            Duration heartbeat,
            Duration stallTimeout,
            int batchBytes,
            Duration linger,
            DeliveryLag lag,
            ReaderDrops drops) {
        this.executor = executor;
        this.sseLag = lag.of("sse");
        this.wsLag = lag.of("ws");
        this.drops = drops;
        this.clock = clock;
        this.ticker = ticker;
        this.heartbeatNanos = heartbeat.toNanos();
        this.stallNanos = stallTimeout.toNanos();
        this.batchBytes = batchBytes;
        this.tickThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "arena-sse-ticker");
            t.setDaemon(true);
            return t;
        });
        long tickMillis = Math.max(10, Math.min(1000, Math.min(heartbeat.toMillis(), stallTimeout.toMillis()) / 4));
        tickThread.scheduleWithFixedDelay(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
        this.lingerNanos = linger.toNanos();
        this.flusher = new Thread(this::flushLoop, "arena-sse-flusher");
        flusher.setDaemon(true);
        flusher.start();
    }

    /** Queues {@code stream} to be pumped by the flusher (called when its source has news). */
    void ready(HubReader stream) {
        ready.add(stream);
        if (flusherIdle.compareAndSet(true, false)) {
            LockSupport.unpark(flusher);
        }
    }

    private void flushLoop() {
        long lastRound = ticker.nanos() - lingerNanos;
        while (running) {
            flusherIdle.set(true);
            if (ready.isEmpty()) {
                LockSupport.park(this);
            }
            flusherIdle.set(false);
            if (ready.isEmpty()) {
                continue;
            }
            long wait = lingerNanos - (ticker.nanos() - lastRound);
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
            }
            lastRound = ticker.nanos();
            HubReader s;
            while ((s = ready.poll()) != null) {
                executor.execute(s::pump);
            }
        }
    }

    /**
     * Starts streaming {@code source} into the response; the stream completes {@code callback}.
     *
     * @param resume the reader asked for a position (its first frame says whether it got it)
     * @param who    the reader as {@code /debug/readers} names it (its address)
     */
    void open(
            RunId run,
            long fromSeq,
            boolean resume,
            StreamSource source,
            Response response,
            Callback callback,
            String who,
            ReaderGrant grant) {
        RunFeed feed = feed(run, fromSeq, source, drops.sse(), grant);
        SseStream stream = new SseStream(
                feed,
                fromSeq,
                resume,
                response,
                callback,
                executor,
                this,
                clock,
                ticker,
                batchBytes,
                frames,
                drops.sse(),
                who,
                grant);
        streams.add(stream);
        stream.pump();
    }

    /** The shared read path of one reader of {@code run}, its overflow counted in {@code dropped}. */
    RunFeed feed(RunId run, long fromSeq, StreamSource source, ReaderDrops.Counter dropped, ReaderGrant grant) {
        return new RunFeed(run, fromSeq, source, dropped.transport().equals("ws") ? wsLag : sseLag, dropped, grant);
    }

    /** The WebSocket payload of each envelope, encoded once for every socket of the run. */
    FrameCache webSocketFrames() {
        return wsFrames;
    }

    /** Drives {@code reader} (a WebSocket) from now on: ticks, flushes and shutdown. */
    void attach(HubReader reader) {
        streams.add(reader);
    }

    /** The wall clock readers are stamped with. */
    Clock clock() {
        return clock;
    }

    /** Readers dropped by transport. */
    ReaderDrops drops() {
        return drops;
    }

    /** Envelopes delivered per transport ride here: the pool the readers' pumps run on. */
    Executor executor() {
        return executor;
    }

    void remove(HubReader stream) {
        streams.remove(stream);
        if (streams.isEmpty()) {
            drainLock.lock();
            try {
                drained.signalAll();
            } finally {
                drainLock.unlock();
            }
        }
    }

    /** Every reader connected now (SSE and WebSocket). */
    List<ReaderSnapshot> readers() {
        List<ReaderSnapshot> all = new ArrayList<>();
        for (HubReader r : streams) {
            all.add(r.snapshot());
        }
        return all;
    }

    /** Open streams right now. */
    int size() {
        return streams.size();
    }

    /** Sum of every client's unconfirmed send buffer (bounded by clients x batch size). */
    long bufferedBytes() {
        long sum = 0;
        for (HubReader s : streams) {
            sum += s.bufferedBytes();
        }
        return sum;
    }

    /** Runs {@code task} with the time on every tick of the hub's tick thread; it must not block. */
    void onTick(LongConsumer task) {
        tickTasks.add(task);
    }

    private void tick() {
        long now = ticker.nanos();
        for (LongConsumer t : tickTasks) {
            t.accept(now);
        }
        for (HubReader s : streams) {
            s.tick(now, heartbeatNanos, stallNanos);
        }
    }

    /**
     * Ends every stream (a final comment where possible), waits up to {@code bound} for their last
     * writes, and stops ticking.
     *
     * @return true when every stream completed within the bound
     */
    boolean close(Duration bound) throws InterruptedException {
        for (HubReader s : streams) {
            s.shutdown();
        }
        drainLock.lock();
        try {
            long left = bound.toNanos();
            while (!streams.isEmpty() && left > 0) {
                left = drained.awaitNanos(left);
            }
        } finally {
            drainLock.unlock();
        }
        tickThread.shutdownNow();
        stopFlusher();
        return streams.isEmpty();
    }

    private void stopFlusher() {
        running = false;
        LockSupport.unpark(flusher);
    }

    @Override
    public void close() {
        tickThread.shutdownNow();
        stopFlusher();
        for (HubReader s : streams) {
            s.shutdown();
        }
    }
}
