package dev.arena.broker.redis;

import dev.arena.broker.Envelope;
import dev.arena.broker.RunId;
import dev.arena.reply.BoundedReplies;
import dev.arena.time.Ticker;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's one reader: a single thread reads new entries of every run that has local
 * subscribers ({@link TailReads}: one blocking {@code XREAD} on one Redis, announced per-run reads
 * on a cluster) and fans them out to their {@link RunTail}s, so the Redis connection count does
 * not grow with readers. Runs quiet for a block interval are checked for existence, so a stream
 * that vanished under a waiting reader while the run was open (Redis restarted without
 * persistence, FLUSHALL, eviction) turns into overflow with reason {@code lost} instead of an
 * endless wait, logged once at WARN.
 */
final class Tailer {

    private static final Logger LOG = LoggerFactory.getLogger(Tailer.class);

    private final TailReads reads;
    private final RedisClusterAsyncCommands<String, String> shared;
    private final BoundedReplies existenceChecks;
    private final long blockMs;
    private final int streamMaxLen;
    private final LocalCounters counters;
    private final ConcurrentHashMap<RunId, RunTail> tails = new ConcurrentHashMap<>();
    private final Object signal = new Object();
    private final Thread thread;
    private volatile boolean dirty;
    private volatile boolean stopping;
    private final Ticker ticker;
    private long lastCheck;
    private boolean failing;

    Tailer(
            TailReads reads,
            RedisClusterAsyncCommands<String, String> shared,
            Duration block,
            int streamMaxLen,
            LocalCounters counters,
            Ticker ticker) {
        this.counters = counters;
        this.ticker = ticker;
        this.lastCheck = ticker.nanos();
        this.reads = reads;
        this.streamMaxLen = streamMaxLen;
        this.shared = shared;
        this.blockMs = Math.max(10, block.toMillis());
        this.existenceChecks = new BoundedReplies("Redis", Duration.ofMillis(blockMs + 5_000), Ticker.system());
        this.thread = new Thread(this::loop, "arena-redis-tailer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The tail of {@code keys.run} with {@code sub} attached, creating it (reading after {@code lastSeq}) if needed. */
    RunTail attach(RunKeys keys, long lastSeq, boolean ended, Function<RunTail, RedisSubscription> subscriber) {
        boolean[] created = {false};
        RunTail[] tail = {null};
        tails.compute(keys.run, (id, t) -> {
            if (t == null || t.isGone()) {
                t = new RunTail(keys, lastSeq, ended, streamMaxLen, ticker);
                created[0] = true;
            }
            t.add(subscriber.apply(t));
            tail[0] = t;
            return t;
        });
        if (created[0]) {
            wake();
        }
        return tail[0];
    }

    /** The existing tail of {@code run}, or null (also when its stream is known to be gone). */
    RunTail tail(RunId run) {
        RunTail t = tails.get(run);
        return t == null || t.isGone() ? null : t;
    }

    void detach(RunTail tail, RedisSubscription sub) {
        tails.computeIfPresent(tail.run, (id, t) -> t == tail && t.remove(sub) ? null : t);
    }

    int subscribers(RunId run) {
        RunTail t = tails.get(run);
        return t == null ? 0 : t.subscriberCount();
    }

    int subscribers() {
        return tails.values().stream().mapToInt(RunTail::subscriberCount).sum();
    }

    /** This process's publisher just wrote to {@code run}: read it now if it is watched. */
    void written(RunId run) {
        if (tails.containsKey(run)) {
            reads.written(run);
        }
    }

    /** This process dropped the run: its readers see overflow at once. */
    void vanished(RunId run) {
        RunTail t = tails.get(run);
        if (t != null) {
            t.vanish();
        }
    }

    void close() {
        stopping = true;
        wake();
        try {
            thread.join(blockMs + 2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (RunTail t : tails.values()) {
            for (RedisSubscription s : t.subscribers()) {
                s.close();
            }
        }
    }

    /** Makes a waiting read return now so the next one covers the current set of runs. */
    private void wake() {
        dirty = true;
        synchronized (signal) {
            signal.notifyAll();
        }
        reads.wake();
    }

    /** Connections the reads hold now. */
    int connections() {
        return reads.connections();
    }

    private void loop() {
        long backoffMs = 50;
        while (!stopping) {
            try {
                reads.prepare();
                List<RunTail> active = new ArrayList<>();
                dirty = false;
                for (RunTail t : tails.values()) {
                    if (t.needsTailing()) {
                        active.add(t);
                    }
                }
                if (active.isEmpty()) {
                    synchronized (signal) {
                        if (!dirty && !stopping) {
                            signal.wait(blockMs);
                        }
                    }
                    continue;
                }
                read(active);
                checkVanished(active);
                if (failing) {
                    LOG.info("Redis tailer is reading again");
                    failing = false;
                }
                backoffMs = 50;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                if (stopping) {
                    break;
                }
                if (!failing) {
                    LOG.warn("Redis tailer cannot read: {}; retrying until it can (logged once)", e.getMessage());
                    failing = true;
                }
                reads.reset();
                sleep(backoffMs);
                backoffMs = Math.min(1_000, backoffMs * 2);
            }
        }
        reads.reset();
    }

    private void read(List<RunTail> active) throws InterruptedException {
        Map<String, RunTail> byKey = new LinkedHashMap<>();
        for (RunTail t : active) {
            byKey.put(t.keys.events, t);
        }
        List<StreamMessage<String, String>> messages = reads.read(active);
        if (messages.isEmpty()) {
            return;
        }
        Map<RunTail, List<Envelope>> batches = new LinkedHashMap<>();
        for (StreamMessage<String, String> m : messages) {
            RunTail t = byKey.get(m.getStream());
            String data = m.getBody().get("data");
            if (t == null || data == null) {
                continue;
            }
            try {
                batches.computeIfAbsent(t, k -> new ArrayList<>()).add(Envelope.parse(data));
            } catch (IllegalArgumentException e) {
                LOG.warn("skipping malformed entry {} in {}: {}", m.getId(), m.getStream(), e.getMessage());
            }
        }
        batches.forEach(RunTail::append);
    }

    /** Runs with no news for a block interval are checked for existence; a missing stream is gone. */
    private void checkVanished(List<RunTail> active) {
        long now = ticker.nanos();
        long interval = TimeUnit.MILLISECONDS.toNanos(blockMs);
        if (now - lastCheck < interval) {
            return;
        }
        lastCheck = now;
        List<RunTail> quiet = new ArrayList<>();
        List<RedisFuture<Long>> exists = new ArrayList<>();
        for (RunTail t : active) {
            if (t.quietSince(now - interval)) {
                quiet.add(t);
                exists.add(shared.exists(t.keys.events));
            }
        }
        BoundedReplies.Batch pipelined = existenceChecks.batch();
        for (int i = 0; i < quiet.size(); i++) {
            if (pipelined.await("EXISTS " + quiet.get(i).keys.events, exists.get(i)) == 0) {
                quiet.get(i).lose(counters); // only tails without a terminal event are tailed: a loss
            }
        }
    }

    private void sleep(long ms) {
        // Back-off between reconnect attempts of the tailer thread; an interrupt stays set for the loop.
        ticker.pause(Duration.ofMillis(ms));
    }
}
