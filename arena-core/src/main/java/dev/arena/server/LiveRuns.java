package dev.arena.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.json.Json;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code runs: live} feed of WebSocket readers: run opened/ended notices for every run. While
 * at least one socket listens, the broker's run list is read at most once per {@code interval}
 * (on the pool, never on the tick thread) and compared with the previous reading; each run that
 * appeared open is {@code {"type":"run","event":"opened",…}}, each that closed or vanished
 * {@code "event":"ended"}. Nothing is read while no socket listens. Readings are serialized on
 * this object. Thread-safe.
 */
final class LiveRuns {

    private static final Logger LOG = LoggerFactory.getLogger(LiveRuns.class);

    private final EventBroker broker;
    private final Executor executor;
    private final long intervalNanos;
    private final Set<WsSession> listeners = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean scanning = new AtomicBoolean();
    private volatile long lastScanNanos;
    private volatile boolean scannedOnce;
    /** Guarded by this. */
    private Map<RunId, RunInfo> open = new HashMap<>();

    LiveRuns(EventBroker broker, Executor executor, Duration interval) {
        this.broker = broker;
        this.executor = executor;
        this.intervalNanos = interval.toNanos();
    }

    /**
     * Adds {@code listener} and acknowledges with the runs open now ({@code "open": [ids]}); every
     * later change reaches it as a notice. Reads the broker on the caller's thread when no
     * reading is current.
     */
    void add(WsSession listener) {
        ObjectNode ack =
                Json.mapper().createObjectNode().put("type", "subscribed").put("runs", "live");
        var ids = ack.putArray("open");
        synchronized (this) {
            if (!scannedOnce) {
                scan();
            }
            open.keySet().forEach(id -> ids.add(id.value()));
            listeners.add(listener);
        }
        listener.notice(ack.toString());
    }

    void remove(WsSession listener) {
        listeners.remove(listener);
        if (listeners.isEmpty()) {
            scannedOnce = false; // the next listener starts from a fresh reading
        }
    }

    /** Called on the hub's ticks. */
    void tick(long nowNanos) {
        if (listeners.isEmpty() || (scannedOnce && nowNanos - lastScanNanos < intervalNanos)) {
            return;
        }
        if (scanning.compareAndSet(false, true)) {
            lastScanNanos = nowNanos;
            executor.execute(() -> {
                try {
                    synchronized (this) {
                        scan();
                    }
                } finally {
                    scanning.set(false);
                }
            });
        }
    }

    private void scan() {
        try {
            Map<RunId, RunInfo> now = new HashMap<>();
            for (RunInfo r : broker.runs()) {
                if (r.isOpen()) {
                    now.put(r.runId(), r);
                }
            }
            if (scannedOnce) {
                for (RunInfo r : now.values()) {
                    if (!open.containsKey(r.runId())) {
                        tell(notice("opened", r.runId(), r));
                    }
                }
                for (RunId gone : open.keySet()) {
                    if (!now.containsKey(gone)) {
                        tell(notice("ended", gone, broker.run(gone).orElse(null)));
                    }
                }
            }
            open = now;
            scannedOnce = true;
        } catch (RuntimeException e) {
            LOG.warn("live run notices: reading the broker's runs failed: {}", e.toString());
        }
    }

    private static String notice(String event, RunId run, RunInfo info) {
        ObjectNode n = Json.mapper()
                .createObjectNode()
                .put("type", "run")
                .put("event", event)
                .put("run_id", run.value());
        if (info != null) {
            n.put("status", info.status().wireName());
            n.put(
                    "parent_run_id",
                    info.parentRunId() == null ? null : info.parentRunId().value());
            n.put("last_seq", info.lastSeq());
        }
        return n.toString();
    }

    private void tell(String notice) {
        for (WsSession s : listeners) {
            s.notice(notice);
        }
    }
}
