package dev.arena.broker.redis;

import dev.arena.broker.BrokerException;
import dev.arena.broker.BrokerSettings;
import dev.arena.broker.RunClosedException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of a broker: one thread takes accepted publishes from the {@link PublishQueue},
 * groups each run's events into one script call, pipelines a whole cycle on its own connection
 * (auto-flush off) and completes the callers' futures with their seqs.
 *
 * <p>Outages: the connection does not auto-reconnect (Lettuce would replay in-flight commands on
 * its own); this thread reconnects and re-sends batches whose reply was lost, which the script
 * answers idempotently, so nothing is applied twice and each run's order is kept. A cycle carries
 * at most one batch per run, so a lost reply leaves at most one unknown batch per run. A publish
 * not confirmed within the queue's wait bound fails its future and counts in {@code publish_failures}:
 * in this process at once, and in the shared {@code arena:stats:publish_failures} beside
 * {@code arena:stats:published} as soon as Redis answers again.
 */
final class Publisher {

    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
    private static final int MAX_CYCLE = 4096;
    /** Bytes of envelopes per cycle, far below Redis's 1 GB query-buffer limit even with 256 KiB events. */
    private static final long MAX_CYCLE_BYTES = 8L << 20;
    private static final long REPLY_TIMEOUT_MS = 5_000;

    private final Supplier<StatefulRedisConnection<String, String>> connector;
    private final PublishScript script;
    private final BrokerSettings settings;
    private final String producerId;
    private final String where;
    private final PublishQueue queue;
    private final LocalCounters counters;
    private final Runnable lifecycle;
    private final Thread thread;

    // Owned by the writer thread.
    private final ArrayDeque<PendingPublish> carry = new ArrayDeque<>();
    private final List<PublishBatch> resend = new ArrayList<>();
    private StatefulRedisConnection<String, String> conn;
    private String lastError = "not connected yet";
    private long batchNumbers;
    private long pendingStats;

    Publisher(Supplier<StatefulRedisConnection<String, String>> connector, PublishScript script, BrokerSettings settings,
              String producerId, String where, PublishQueue queue, LocalCounters counters, Runnable lifecycle) {
        this.connector = connector;
        this.script = script;
        this.settings = settings;
        this.producerId = producerId;
        this.where = where;
        this.queue = queue;
        this.counters = counters;
        this.lifecycle = lifecycle;
        this.thread = new Thread(this::loop, "arena-redis-publisher");
        this.thread.setDaemon(true);
    }

    /** Starts the writer with an already-open connection (so start-up failures surface in connect). */
    void start(StatefulRedisConnection<String, String> first) {
        first.sync().scriptLoad(script.source);
        conn = first;
        conn.setAutoFlushCommands(false);
        queue.linkUp();
        thread.start();
    }

    /** Stops accepting, gives the writer up to {@code timeout} to finish, then fails whatever is left. */
    void close(Duration timeout) {
        queue.close();
        try {
            thread.join(Math.max(1, timeout.toMillis()));
            if (thread.isAlive()) {
                LOG.warn("Redis publisher did not finish within {} ms; failing what is still queued", timeout.toMillis());
                thread.interrupt();
                thread.join(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        long backoffMs = 50;
        try {
            while (true) {
                expireOverdue();
                if (queue.isClosed() && idle()) {
                    return;
                }
                if (conn == null && !reconnect()) {
                    // Reconnect back-off; nothing to wait on while Redis is away.
                    Thread.sleep(backoffMs);
                    backoffMs = Math.min(1_000, backoffMs * 2);
                    continue;
                }
                backoffMs = 50;
                List<PublishBatch> batches = nextCycle();
                if (batches.isEmpty() && pendingStats == 0 && counters.unsharedFailures() == 0) {
                    queue.awaitWork(100);
                    continue;
                }
                send(batches);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("Redis publisher stopped unexpectedly", e);
        } finally {
            failEverything("the Redis broker was closed before Redis at " + where + " confirmed it (" + lastError + ")");
            if (conn != null) {
                conn.close();
            }
        }
    }

    private boolean idle() {
        return queue.isEmpty() && carry.isEmpty() && resend.isEmpty() && (pendingStats == 0 || conn == null);
    }

    private boolean reconnect() {
        StatefulRedisConnection<String, String> c = null;
        try {
            c = connector.get();
            c.sync().scriptLoad(script.source); // a restarted Redis has an empty script cache
            c.setAutoFlushCommands(false);
            conn = c;
            queue.linkUp();
            LOG.info("Redis publisher reconnected to {}; re-sending {} unconfirmed batches", where, resend.size());
            return true;
        } catch (RuntimeException e) {
            if (c != null) {
                c.close();
            }
            conn = null;
            lastError = e.getMessage();
            queue.linkDown(lastError);
            return false;
        }
    }

    /** Re-sends first; then at most one batch per run and a bounded number of events and bytes. */
    private List<PublishBatch> nextCycle() {
        List<PublishBatch> out = new ArrayList<>(resend);
        Set<RunState> busy = new HashSet<>();
        for (PublishBatch b : resend) {
            busy.add(b.run);
        }
        resend.clear();
        queue.drainTo(carry, MAX_CYCLE - carry.size());
        Map<RunState, PublishBatch> byRun = new LinkedHashMap<>();
        int closedNow = 0;
        long bytes = 0;
        for (Iterator<PendingPublish> it = carry.iterator(); it.hasNext(); ) {
            PendingPublish p = it.next();
            if (busy.contains(p.run)) {
                continue;
            }
            bytes += p.suffix.length() + 100L;
            if (bytes > MAX_CYCLE_BYTES && !byRun.isEmpty()) {
                break; // the rest stays in order for the next cycle
            }
            PublishBatch b = byRun.get(p.run);
            if (b != null && b.terminal()) {
                it.remove();
                counters.publishFailed(1);
                p.future.completeExceptionally(new RunClosedException(p.run.run));
                closedNow++;
                continue;
            }
            if (b != null && p.opens) {
                busy.add(p.run);
                continue;
            }
            if (b == null) {
                b = new PublishBatch(p.run, ++batchNumbers, p.opens);
                byRun.put(p.run, b);
            }
            b.items.add(p);
            it.remove();
        }
        queue.settle(closedNow);
        out.addAll(byRun.values());
        return out;
    }

    private void send(List<PublishBatch> batches) throws InterruptedException {
        RedisAsyncCommands<String, String> cmd = conn.async();
        List<RedisFuture<List<Object>>> replies = new ArrayList<>(batches.size());
        for (PublishBatch b : batches) {
            replies.add(cmd.evalsha(script.sha, ScriptOutputType.MULTI, b.keys(), b.args(producerId, settings)));
        }
        long statsSent = pendingStats;
        RedisFuture<Long> stats = statsSent > 0 ? cmd.incrby(RunKeys.PUBLISHED, statsSent) : null;
        pendingStats = 0;
        long failuresSent = counters.takeUnsharedFailures();
        RedisFuture<Long> failures = failuresSent > 0 ? cmd.incrby(RunKeys.PUBLISH_FAILURES, failuresSent) : null;
        conn.flushCommands();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REPLY_TIMEOUT_MS);
        boolean broken = false;
        boolean noScript = false;
        int done = 0;
        for (int i = 0; i < batches.size(); i++) {
            PublishBatch b = batches.get(i);
            try {
                List<Object> r = replies.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                done += applied(b, (Long) r.get(0), (Long) r.get(1));
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (PublishScript.isNoScript(cause)) {
                    noScript = true;
                    resend.add(b);
                } else if (cause instanceof RedisCommandExecutionException) {
                    refused(b, cause.getMessage());
                    done += b.size();
                } else {
                    broken = true;
                    lastError = cause.getMessage() != null ? cause.getMessage() : cause.toString();
                    resend.add(b);
                }
            } catch (TimeoutException | CancellationException e) {
                broken = true;
                lastError = e instanceof TimeoutException ? "no reply within " + REPLY_TIMEOUT_MS + " ms" : "command cancelled";
                resend.add(b);
            }
        }
        if (stats != null) {
            try {
                stats.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException | CancellationException e) {
                pendingStats += statsSent; // may count twice if only the reply was lost; a metric, not data
                if (!(e.getCause() instanceof RedisCommandExecutionException)) {
                    broken = true;
                    lastError = e.getCause() != null ? e.getCause().getMessage() : e.toString();
                }
            }
        }
        if (failures != null) {
            try {
                failures.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException | CancellationException e) {
                counters.unshared(failuresSent); // owed again; may count twice if only the reply was lost
                if (!(e.getCause() instanceof RedisCommandExecutionException)) {
                    broken = true;
                    lastError = e.getCause() != null ? e.getCause().getMessage() : e.toString();
                }
            }
        }
        queue.statsBacklog(pendingStats);
        queue.settle(done);
        if (noScript && !broken) {
            broken = !loadScript(cmd);
        }
        if (broken) {
            dropConnection();
        }
    }

    /** Handles a script reply; returns how many publishes it settled. */
    private int applied(PublishBatch b, long seq, long code) {
        if (code == 2) {
            b.mismatched(seq); // another producer wrote to the run meanwhile: nothing applied, re-send
            resend.add(b);
            return 0;
        }
        if (code == 0) {
            pendingStats += b.size();
            counters.reaped.add(b.reaped());
        }
        if (b.opens || b.terminal()) {
            lifecycle.run();
        }
        b.succeed(seq);
        return b.size();
    }

    /** The script refused the batch (closed, unknown, existing run, counter reset): nothing was written. */
    private void refused(PublishBatch b, String redisMessage) {
        RuntimeException failure = b.translate(redisMessage);
        if (redisMessage != null && redisMessage.startsWith("ARENA_RESET")) {
            LOG.error("refusing to publish {} events: {}", b.size(), failure.getMessage());
        }
        counters.publishFailed(b.size()); // counted before the callers can see the failure
        b.fail(failure);
    }

    private boolean loadScript(RedisAsyncCommands<String, String> cmd) throws InterruptedException {
        RedisFuture<String> loaded = cmd.scriptLoad(script.source);
        conn.flushCommands();
        try {
            loaded.get(REPLY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            lastError = "SCRIPT LOAD failed: " + e.getMessage();
            return false;
        }
    }

    private void dropConnection() {
        if (queue.isLinkUp()) {
            LOG.warn("lost Redis at {} while publishing ({}); publishes wait up to {} ms (bound {} events) and are re-sent in order",
                    where, lastError, TimeUnit.NANOSECONDS.toMillis(queue.maxWaitNanos()), queue.maxQueued());
        }
        StatefulRedisConnection<String, String> c = conn;
        conn = null;
        if (c != null) {
            c.close();
        }
        queue.linkDown(lastError);
    }

    /** Fails every publish not confirmed within the bound, oldest first (counted before it is failed). */
    private void expireOverdue() {
        long cutoff = System.nanoTime() - queue.maxWaitNanos();
        String why = queue.isLinkUp() ? "Redis at " + where + " did not confirm it"
                : "Redis at " + where + " is unreachable (" + lastError + ")";
        List<PendingPublish> inFlight = new ArrayList<>();
        for (Iterator<PublishBatch> it = resend.iterator(); it.hasNext(); ) {
            PublishBatch b = it.next();
            if (b.oldestAcceptedNanos() - cutoff < 0) {
                it.remove();
                inFlight.addAll(b.items);
            }
        }
        List<PendingPublish> unsent = new ArrayList<>();
        for (Iterator<PendingPublish> it = carry.iterator(); it.hasNext(); ) {
            PendingPublish p = it.next();
            if (p.acceptedNanos - cutoff >= 0) {
                break;
            }
            it.remove();
            unsent.add(p);
        }
        unsent.addAll(queue.takeOverdue(cutoff));
        int expired = inFlight.size() + unsent.size();
        if (expired == 0) {
            return;
        }
        counters.publishFailed(expired);
        for (PendingPublish p : inFlight) {
            p.future.completeExceptionally(queue.notConfirmed(p, why,
                    "it was in flight when the connection broke, so it may or may not have been written"));
        }
        for (PendingPublish p : unsent) {
            p.future.completeExceptionally(queue.notConfirmed(p, why, "the event was NOT written"));
        }
        queue.settle(expired);
    }

    private void failEverything(String why) {
        List<PendingPublish> left = new ArrayList<>(carry);
        carry.clear();
        for (PublishBatch b : resend) {
            left.addAll(b.items);
        }
        resend.clear();
        left.addAll(queue.takeAll());
        if (!left.isEmpty()) {
            counters.publishFailed(left.size());
            LOG.error("{} publishes failed: {}", left.size(), why);
        }
        for (PendingPublish p : left) {
            p.future.completeExceptionally(new BrokerException("publish to run " + p.run.run + " failed: " + why));
        }
        queue.settle(left.size());
    }
}
