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
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of a broker: accepted publishes wait in a bounded queue; one thread drains
 * it, groups each run's events into one script call, pipelines a whole cycle on its own
 * connection (auto-flush off) and completes the callers' futures with their seqs.
 *
 * <p>Outages: the connection does not auto-reconnect (Lettuce would replay in-flight commands on
 * its own); this thread reconnects and re-sends batches whose reply was lost, which the script
 * answers idempotently, so nothing is applied twice and each run's order is kept. A publish not
 * confirmed within {@code maxWait} fails its future with a {@link BrokerException} and counts in
 * {@code publish_failures}; while Redis is unreachable a full queue fails new publishes at once.
 * While connected, a full queue makes publishers wait (backpressure).
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
    private final int maxQueued;
    private final long maxWaitNanos;
    private final LocalCounters counters;
    private final Runnable lifecycle;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition progress = lock.newCondition();
    private final ArrayDeque<PendingPublish> queue = new ArrayDeque<>();
    private long accepted;
    private long settled;
    private boolean writerWaiting;
    private volatile boolean connected;
    private volatile boolean stopping;
    private volatile long statsBacklog;
    private volatile String lastError = "not connected yet";

    // Owned by the writer thread.
    private final ArrayDeque<PendingPublish> carry = new ArrayDeque<>();
    private final List<PublishBatch> resend = new ArrayList<>();
    private StatefulRedisConnection<String, String> conn;
    private long batchNumbers;
    private long pendingStats;
    private final Thread thread;

    Publisher(Supplier<StatefulRedisConnection<String, String>> connector, PublishScript script, BrokerSettings settings,
              String producerId, String where, int maxQueued, Duration maxWait, LocalCounters counters,
              Runnable lifecycle) {
        if (maxQueued < 1) {
            throw new IllegalArgumentException("publish queue bound must be at least 1, got " + maxQueued);
        }
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("publish wait bound must be positive, got " + maxWait);
        }
        this.connector = connector;
        this.script = script;
        this.settings = settings;
        this.producerId = producerId;
        this.where = where;
        this.maxQueued = maxQueued;
        this.maxWaitNanos = maxWait.toNanos();
        this.counters = counters;
        this.lifecycle = lifecycle;
        this.thread = new Thread(this::loop, "arena-redis-publisher");
        this.thread.setDaemon(true);
    }

    /** Starts the writer with an already-open connection (so start-up failures surface in connect). */
    void start(StatefulRedisConnection<String, String> first) {
        conn = first;
        conn.setAutoFlushCommands(false);
        connected = true;
        thread.start();
    }

    /** Queues {@code p}; its future completes when Redis confirms or the bound is exceeded. */
    void submit(PendingPublish p) {
        lock.lock();
        try {
            if (stopping) {
                throw new BrokerException("the Redis broker is closed; publish refused");
            }
            while (accepted - settled >= maxQueued) {
                long waited = System.nanoTime() - p.acceptedNanos;
                if (!connected || waited >= maxWaitNanos) {
                    counters.publishFailures.increment();
                    p.future.completeExceptionally(new BrokerException("publish to run " + p.run.run + " refused: "
                            + (accepted - settled) + " publishes already wait for Redis at " + where + " ("
                            + lastError + "); the queue bound is " + maxQueued + ". The event was NOT written"));
                    return;
                }
                progress.awaitNanos(maxWaitNanos - waited);
            }
            queue.add(p);
            accepted++;
            if (writerWaiting) {
                work.signal();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            counters.publishFailures.increment();
            p.future.completeExceptionally(new BrokerException("interrupted while waiting for room in the publish queue; the event was NOT written", e));
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every publish accepted before this call is confirmed or failed. */
    void flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            long target = accepted;
            while (settled < target || (statsBacklog > 0 && connected)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    if (settled < target) {
                        throw new BrokerException("flush timed out after " + timeout.toMillis() + " ms: " + (target - settled)
                                + " publishes not yet confirmed by Redis at " + where + " (" + (connected ? "connected" : lastError) + ")");
                    }
                    return;
                }
                if (writerWaiting) {
                    work.signal();
                }
                progress.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while flushing the Redis broker", e);
        } finally {
            lock.unlock();
        }
    }

    /** Stops accepting, gives the writer up to {@code timeout} to finish, then fails whatever is left. */
    void close(Duration timeout) {
        lock.lock();
        try {
            stopping = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("Redis publisher did not finish within {} ms; failing what is still queued", timeout.toMillis());
            thread.interrupt();
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        long backoffMs = 50;
        try {
            while (true) {
                expireOverdue();
                if (stopping && idle()) {
                    return;
                }
                if (conn == null && !reconnect()) {
                    sleepQuietly(backoffMs);
                    backoffMs = Math.min(1_000, backoffMs * 2);
                    continue;
                }
                backoffMs = 50;
                List<PublishBatch> batches = nextCycle();
                if (batches.isEmpty() && pendingStats == 0) {
                    awaitWork();
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
                conn.closeAsync();
            }
        }
    }

    private boolean idle() {
        lock.lock();
        try {
            return queue.isEmpty() && carry.isEmpty() && resend.isEmpty() && (pendingStats == 0 || conn == null);
        } finally {
            lock.unlock();
        }
    }

    private boolean reconnect() {
        try {
            conn = connector.get();
            conn.setAutoFlushCommands(false);
            connected = true;
            LOG.info("Redis publisher reconnected to {}; re-sending {} unconfirmed batches", where, resend.size());
            signalProgress();
            return true;
        } catch (RuntimeException e) {
            conn = null;
            return false;
        }
    }

    private void awaitWork() throws InterruptedException {
        lock.lock();
        try {
            if (queue.isEmpty() && !stopping) {
                writerWaiting = true;
                try {
                    work.await(100, TimeUnit.MILLISECONDS);
                } finally {
                    writerWaiting = false;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Re-sends first; then at most one batch per run, so a lost reply leaves at most one unknown batch per run. */
    private List<PublishBatch> nextCycle() {
        List<PublishBatch> out = new ArrayList<>(resend);
        Set<RunState> busy = new HashSet<>();
        for (PublishBatch b : resend) {
            busy.add(b.run);
        }
        resend.clear();
        lock.lock();
        try {
            while (carry.size() < MAX_CYCLE && !queue.isEmpty()) {
                carry.add(queue.poll());
            }
        } finally {
            lock.unlock();
        }
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
                counters.publishFailures.increment();
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
        if (closedNow > 0) {
            settle(closedNow);
        }
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
        conn.flushCommands();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REPLY_TIMEOUT_MS);
        boolean broken = false;
        boolean noScript = false;
        int done = 0;
        for (int i = 0; i < batches.size(); i++) {
            PublishBatch b = batches.get(i);
            try {
                List<Object> r = replies.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if ((Long) r.get(1) == 2) {
                    b.mismatched((Long) r.get(0)); // another producer wrote to the run: nothing applied, re-send
                    resend.add(b);
                    continue;
                }
                if ((Long) r.get(1) == 0) {
                    pendingStats += b.size();
                    counters.reaped.add(b.reaped());
                }
                if (b.opens || b.terminal()) {
                    lifecycle.run();
                }
                b.succeed((Long) r.get(0));
                done += b.size();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (PublishScript.isNoScript(cause)) {
                    noScript = true;
                    resend.add(b);
                } else if (cause instanceof RedisCommandExecutionException) {
                    b.fail(b.translate(cause.getMessage()));
                    counters.publishFailures.add(b.size());
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
        statsBacklog = pendingStats;
        settle(done);
        if (noScript && !broken) {
            broken = !loadScript(cmd);
        }
        if (broken) {
            dropConnection();
        }
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
        if (connected) {
            LOG.warn("lost Redis at {} while publishing ({}); publishes wait up to {} ms (bound {} events) and are re-sent in order",
                    where, lastError, TimeUnit.NANOSECONDS.toMillis(maxWaitNanos), maxQueued);
        }
        connected = false;
        StatefulRedisConnection<String, String> c = conn;
        conn = null;
        if (c != null) {
            c.closeAsync();
        }
        signalProgress();
    }

    /** Fails every publish not confirmed within the bound, oldest first. */
    private void expireOverdue() {
        long cutoff = System.nanoTime() - maxWaitNanos;
        int expired = 0;
        String why = connected ? "Redis at " + where + " did not confirm it" : "Redis at " + where + " is unreachable (" + lastError + ")";
        for (Iterator<PublishBatch> it = resend.iterator(); it.hasNext(); ) {
            PublishBatch b = it.next();
            if (b.oldestAcceptedNanos() - cutoff < 0) {
                it.remove();
                b.fail(new BrokerException("publish to run " + b.run.run + " not confirmed within "
                        + TimeUnit.NANOSECONDS.toMillis(maxWaitNanos) + " ms: " + why
                        + "; it was in flight when the connection broke, so it may or may not have been written"));
                expired += b.size();
            }
        }
        expired += expire(carry.iterator(), cutoff, why);
        lock.lock();
        try {
            expired += expire(queue.iterator(), cutoff, why);
        } finally {
            lock.unlock();
        }
        if (expired > 0) {
            counters.publishFailures.add(expired);
            settle(expired);
        }
    }

    private int expire(Iterator<PendingPublish> it, long cutoff, String why) {
        int n = 0;
        while (it.hasNext()) {
            PendingPublish p = it.next();
            if (p.acceptedNanos - cutoff >= 0) {
                break;
            }
            it.remove();
            p.future.completeExceptionally(new BrokerException("publish to run " + p.run.run + " not confirmed within "
                    + TimeUnit.NANOSECONDS.toMillis(maxWaitNanos) + " ms: " + why + "; the event was NOT written"));
            n++;
        }
        return n;
    }

    private void failEverything(String why) {
        List<PendingPublish> left = new ArrayList<>(carry);
        carry.clear();
        for (PublishBatch b : resend) {
            left.addAll(b.items);
        }
        resend.clear();
        lock.lock();
        try {
            left.addAll(queue);
            queue.clear();
        } finally {
            lock.unlock();
        }
        for (PendingPublish p : left) {
            p.future.completeExceptionally(new BrokerException("publish to run " + p.run.run + " failed: " + why));
        }
        if (!left.isEmpty()) {
            counters.publishFailures.add(left.size());
            LOG.error("{} publishes failed: {}", left.size(), why);
        }
        settle(left.size());
    }

    private void settle(int n) {
        lock.lock();
        try {
            settled += n;
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void signalProgress() {
        settle(0);
    }

    private static void sleepQuietly(long ms) throws InterruptedException {
        // Reconnect back-off of the writer thread; nothing to wait on while Redis is away.
        Thread.sleep(ms);
    }
}
