package dev.arena.broker.redis;

import dev.arena.broker.Envelope;
import dev.arena.broker.RunId;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.UnblockType;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's one reader: a single thread on a dedicated connection runs {@code XREAD BLOCK}
 * over every run that has local subscribers and fans entries out to their {@link RunTail}s, so
 * the Redis connection count does not grow with readers. A blocked read is never abandoned: it
 * ends by its own timeout or by {@code CLIENT UNBLOCK} (sent from the shared connection when the
 * set of runs changes). Runs quiet for a block interval are checked for existence, so a stream
 * that vanished under a waiting reader while the run was open (Redis restarted without
 * persistence, FLUSHALL, eviction) turns into overflow with reason {@code lost} instead of an
 * endless wait, logged once at WARN.
 *
 * <p>One {@code XREAD} naming several runs' streams is the only multi-key command that spans runs;
 * it is read-only, and on a Redis Cluster the runs would be grouped per node (one tailer connection
 * per node). Only standalone Redis is supported today.
 */
final class Tailer {

    private static final Logger LOG = LoggerFactory.getLogger(Tailer.class);

    private final Supplier<StatefulRedisConnection<String, String>> connector;
    private final RedisAsyncCommands<String, String> shared;
    private final ScheduledExecutorService timer;
    private final long blockMs;
    private final int streamMaxLen;
    private final LocalCounters counters;
    private final ConcurrentHashMap<RunId, RunTail> tails = new ConcurrentHashMap<>();
    private final Object signal = new Object();
    private final Thread thread;
    private volatile boolean dirty;
    private volatile boolean stopping;
    private volatile long clientId = -1;
    private StatefulRedisConnection<String, String> conn;
    private long lastCheck = System.nanoTime();
    private boolean failing;

    Tailer(Supplier<StatefulRedisConnection<String, String>> connector, RedisAsyncCommands<String, String> shared,
           ScheduledExecutorService timer, Duration block, int streamMaxLen, LocalCounters counters) {
        this.counters = counters;
        this.connector = connector;
        this.streamMaxLen = streamMaxLen;
        this.shared = shared;
        this.timer = timer;
        this.blockMs = Math.max(10, block.toMillis());
        this.thread = new Thread(this::loop, "arena-redis-tailer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The tail of {@code keys.run} with {@code sub} attached, creating it (reading after {@code lastSeq}) if needed. */
    RunTail attach(RunKeys keys, long lastSeq, boolean ended, java.util.function.Function<RunTail, RedisSubscription> subscriber) {
        boolean[] created = {false};
        RunTail[] tail = {null};
        tails.compute(keys.run, (id, t) -> {
            if (t == null || t.isGone()) {
                t = new RunTail(keys, lastSeq, ended, streamMaxLen);
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

    /** Makes the blocked XREAD return now so the next one covers the current set of runs. */
    private void wake() {
        dirty = true;
        synchronized (signal) {
            signal.notifyAll();
        }
        unblock(0);
    }

    private void unblock(int attempt) {
        long id = clientId;
        if (id < 0 || !dirty) {
            return;
        }
        RedisFuture<Long> f = shared.clientUnblock(id, UnblockType.TIMEOUT);
        f.whenComplete((n, error) -> {
            // 0: the XREAD was not blocked yet; retry briefly while the change is still unseen.
            if ((error != null || n == 0) && dirty && attempt < 50 && !stopping) {
                timer.schedule(() -> unblock(attempt + 1), 20, TimeUnit.MILLISECONDS);
            }
        });
    }

    private void loop() {
        long backoffMs = 50;
        while (!stopping) {
            try {
                if (conn == null) {
                    conn = connector.get();
                    conn.setTimeout(Duration.ofMillis(blockMs + 10_000));
                    clientId = conn.sync().clientId();
                }
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
                closeConnection();
                sleep(backoffMs);
                backoffMs = Math.min(1_000, backoffMs * 2);
            }
        }
        closeConnection();
    }

    @SuppressWarnings({"unchecked", "rawtypes"}) // Lettuce takes a generic varargs array
    private void read(List<RunTail> active) {
        XReadArgs.StreamOffset<String>[] offsets = new XReadArgs.StreamOffset[active.size()];
        Map<String, RunTail> byKey = new LinkedHashMap<>();
        for (int i = 0; i < active.size(); i++) {
            RunTail t = active.get(i);
            offsets[i] = XReadArgs.StreamOffset.from(t.keys.events, t.cursor());
            byKey.put(t.keys.events, t);
        }
        List<StreamMessage<String, String>> messages =
                conn.sync().xread(XReadArgs.Builder.block(blockMs).count(RunTail.CACHE / 2), offsets);
        if (messages == null || messages.isEmpty()) {
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
        long now = System.nanoTime();
        long interval = TimeUnit.MILLISECONDS.toNanos(blockMs);
        if (now - lastCheck < interval) {
            return;
        }
        lastCheck = now;
        List<RunTail> quiet = new ArrayList<>();
        List<RedisFuture<Long>> exists = new ArrayList<>();
        RedisAsyncCommands<String, String> async = conn.async();
        for (RunTail t : active) {
            if (t.quietSince(now - interval)) {
                quiet.add(t);
                exists.add(async.exists(t.keys.events));
            }
        }
        for (int i = 0; i < quiet.size(); i++) {
            try {
                if (exists.get(i).get(blockMs + 5_000, TimeUnit.MILLISECONDS) == 0) {
                    quiet.get(i).lose(counters); // only tails without a terminal event are tailed: a loss
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("existence check failed: " + e.getMessage(), e);
            }
        }
    }

    private void closeConnection() {
        clientId = -1;
        if (conn != null) {
            conn.close();
            conn = null;
        }
    }

    private static void sleep(long ms) {
        try {
            // Back-off between reconnect attempts of the tailer thread.
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
