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
 * {@code "event":"ended"}. Nothing is read while no socket listens. Thread-safe.
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
    /** Touched only by the scan (one at a time). */
    private Map<RunId, RunInfo> open = new HashMap<>();

    LiveRuns(EventBroker broker, Executor executor, Duration interval) {
        this.broker = broker;
        this.executor = executor;
        this.intervalNanos = interval.toNanos();
    }

    void add(WsSession listener) {
        listeners.add(listener);
        listener.notice("{\"type\":\"subscribed\",\"runs\":\"live\"}");
    }

    void remove(WsSession listener) {
        listeners.remove(listener);
    }

    /** Called on the hub's ticks. */
    void tick(long nowNanos) {
        if (listeners.isEmpty() || (scannedOnce && nowNanos - lastScanNanos < intervalNanos)) {
            return;
        }
        if (scanning.compareAndSet(false, true)) {
            lastScanNanos = nowNanos;
            executor.execute(this::scan);
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
        } finally {
            scanning.set(false);
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
