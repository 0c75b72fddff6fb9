package dev.arena.broker.redis;

import dev.arena.broker.BrokerException;
import dev.arena.broker.RunClosedException;
import dev.arena.broker.RunId;
import dev.arena.config.BrokerSettings;
import dev.arena.error.BackendUnavailableException;
import dev.arena.reply.BoundedReplies;
import dev.arena.time.Ticker;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of a broker: one thread takes accepted publishes from the {@link PublishQueue},
 * groups each run's events into one batch, pipelines a whole cycle on its own connection
 * (auto-flush off) and completes the callers' futures with their seqs. A batch goes out as one
 * script call, or — when it is large enough and this producer knows where the run stands — as a
 * {@link DirectAppend}: a read-only check, then native {@code XADD}s in a {@code WATCH}ed
 * transaction, one check round trip per such batch (docs/design.md, "Direct appends"). Each
 * master's share of a cycle is a {@link NodeCycle}; what became of its direct appends is for
 * {@link DirectOutcomes} to say.
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

    private final RedisConnector connector;
    private final BoundedReplies redis =
            new BoundedReplies("Redis", Duration.ofMillis(REPLY_TIMEOUT_MS), Ticker.system());
    private final PublishLinks links;
    private final ProducerCalls calls;
    private final DirectOutcomes directs;
    private final String where;
    private final PublishQueue queue;
    private final LocalCounters counters;
    private final Runnable lifecycle;
    private final Consumer<RunId> written;
    private final Ticker ticker;
    private final Thread thread;

    // Owned by the writer thread.
    private final ArrayDeque<PendingPublish> carry = new ArrayDeque<>();
    private final List<PublishBatch> resend = new ArrayList<>();
    private String lastError = "not connected yet";
    private long batchNumbers;
    private long pendingStats;
    private boolean unreplicatedWarned;
    private final DirectOutcomes.Writer writer = new DirectOutcomes.Writer() {
        @Override
        public void resend(PublishBatch b) {
            resend.add(b);
        }

        @Override
        public int failed(NodeCycle c, PublishBatch b, Throwable cause) {
            return Publisher.this.failed(c, b, cause);
        }
    };

    Publisher(
            RedisConnector connector,
            PublishScript script,
            BrokerSettings settings,
            String producerId,
            String where,
            PublishQueue queue,
            LocalCounters counters,
            Runnable lifecycle,
            Consumer<RunId> written,
            Ticker ticker) {
        this.connector = connector;
        this.ticker = ticker;
        PublishScript check = PublishScript.loadCheck();
        this.links = new PublishLinks(connector, List.of(script, check));
        this.calls = new ProducerCalls(script, check, producerId, settings, connector.isCluster());
        this.directs = new DirectOutcomes(where);
        this.where = where;
        this.queue = queue;
        this.counters = counters;
        this.lifecycle = lifecycle;
        this.written = written;
        this.thread = new Thread(this::loop, "arena-redis-publisher");
        this.thread.setDaemon(true);
    }

    /** Opens the links to every master and starts the writer (so start-up failures surface in connect). */
    void start() {
        links.openAll();
        queue.linkUp();
        thread.start();
    }

    /** Stops accepting, gives the writer up to {@code timeout} to finish, then fails whatever is left. */
    void close(Duration timeout) {
        queue.close();
        try {
            thread.join(Math.max(1, timeout.toMillis()));
            if (thread.isAlive()) {
                LOG.warn(
                        "Redis publisher did not finish within {} ms; failing what is still queued",
                        timeout.toMillis());
                thread.interrupt();
                thread.join(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        long backoffMs = 50;
        boolean failing = false;
        try {
            while (true) {
                expireOverdue();
                if (queue.isClosed() && idle()) {
                    return;
                }
                if (failing) {
                    // Reconnect back-off; nothing to wait on while Redis (or a slot's master) is away.
                    ticker.sleep(Duration.ofMillis(backoffMs));
                    backoffMs = Math.min(1_000, backoffMs * 2);
                    refreshTopology();
                } else {
                    backoffMs = 50;
                }
                List<PublishBatch> batches = nextCycle();
                if (batches.isEmpty() && pendingStats == 0 && counters.unsharedFailures() == 0) {
                    if (failing) {
                        failing = !probe();
                    } else {
                        queue.awaitWork(100);
                    }
                    continue;
                }
                failing = !send(batches);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("Redis publisher stopped unexpectedly", e);
        } finally {
            failEverything(
                    "the Redis broker was closed before Redis at " + where + " confirmed it (" + lastError + ")");
            links.closeAll();
        }
    }

    private boolean idle() {
        return queue.isEmpty() && carry.isEmpty() && resend.isEmpty() && (pendingStats == 0 || !queue.isLinkUp());
    }

    /** With nothing to send while failing: is every master reachable again? */
    private boolean probe() {
        try {
            links.openAll();
            linkUp();
            return true;
        } catch (RuntimeException e) {
            linkDown(e.getMessage());
            return false;
        }
    }

    private void refreshTopology() {
        try {
            connector.refreshTopology();
            links.retain(connector.topology());
        } catch (RuntimeException e) {
            LOG.debug("topology refresh failed: {}", e.getMessage());
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
        queue.drainAll(carry);
        Map<RunState, PublishBatch> byRun = new LinkedHashMap<>();
        int closedNow = 0;
        long bytes = 0;
        PublishBatch last = null; // the batch of the previous publish: most follow one of the same run
        // At most MAX_CYCLE publishes looked at, oldest first; the rest stays in order for the next cycle.
        int examined = 0;
        for (Iterator<PendingPublish> it = carry.iterator(); it.hasNext() && examined < MAX_CYCLE; examined++) {
            PendingPublish p = it.next();
            if (!busy.isEmpty() && busy.contains(p.run)) {
                continue;
            }
            bytes += p.suffixBytes().length + 100L;
            if (bytes > MAX_CYCLE_BYTES && !byRun.isEmpty()) {
                break; // the rest stays in order for the next cycle
            }
            PublishBatch b = last != null && last.run == p.run ? last : byRun.get(p.run);
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
                b = new PublishBatch(p.run, ++batchNumbers, p.opens, p.run.lastBatchSize);
                byRun.put(p.run, b);
            }
            b.add(p);
            last = b;
            it.remove();
        }
        queue.settle(closedNow);
        for (PublishBatch b : byRun.values()) {
            b.run.lastBatchSize = b.size();
        }
        out.addAll(byRun.values());
        return out;
    }

    /**
     * One pipelined cycle: each batch to the master of its run's slot, the shared counters to
     * theirs, then on masters with replicas a {@code WAIT} so a batch is confirmed only once a
     * replica has it (a failover then cannot lose a confirmed publish). Returns false when a node
     * could not be reached or answered with a redirect; what it did not confirm is re-sent.
     */
    private boolean send(List<PublishBatch> batches) throws InterruptedException {
        RedisTopology topology = connector.topology();
        Map<RedisTopology.Node, NodeCycle> cycles = new LinkedHashMap<>();
        boolean ok = true;
        for (PublishBatch b : batches) {
            RedisTopology.Node node = topology.masterFor(b.run.keys.events);
            if (node == null) {
                resend.add(b);
                ok = false;
                lastError = "no master serves the slot of run " + b.run.run + " (failover in progress?)";
                continue;
            }
            cycles.computeIfAbsent(node, this::cycleFor).add(b, directs.enabled());
        }
        long statsSent = pendingStats;
        pendingStats = 0;
        if (statsSent > 0) {
            RedisTopology.Node node = topology.masterFor(RunKeys.PUBLISHED);
            if (node == null) {
                pendingStats += statsSent;
            } else {
                cycles.computeIfAbsent(node, this::cycleFor).statsSent = statsSent;
            }
        }
        long failuresSent = counters.takeUnsharedFailures();
        if (failuresSent > 0) {
            RedisTopology.Node node = topology.masterFor(RunKeys.PUBLISH_FAILURES);
            if (node == null) {
                counters.unshared(failuresSent);
            } else {
                cycles.computeIfAbsent(node, this::cycleFor).failuresSent = failuresSent;
            }
        }
        for (NodeCycle c : cycles.values()) {
            try {
                c.start(links.to(c.node));
            } catch (RuntimeException e) {
                ok = false;
                lastError = "cannot reach " + c.node.address() + ": " + e.getMessage();
                c.conn = null;
                links.drop(c.node); // nothing half-buffered goes out later
                unsent(c);
            }
        }
        BoundedReplies.Batch deadline = redis.batch();
        // Direct appends: one check round trip per batch, the masters' round trips side by side.
        boolean stepped = true;
        while (stepped) {
            stepped = false;
            for (NodeCycle c : cycles.values()) {
                stepped |= c.conn != null && c.step(deadline);
            }
        }
        int done = 0;
        for (NodeCycle c : cycles.values()) {
            if (c.conn != null) {
                done += collect(c, deadline);
                ok &= !c.broken && !c.redirected;
            }
        }
        queue.statsBacklog(pendingStats);
        queue.settle(done);
        if (ok) {
            linkUp();
        } else {
            linkDown(lastError);
        }
        return ok;
    }

    private NodeCycle cycleFor(RedisTopology.Node node) {
        return new NodeCycle(node, calls, why -> lastError = why);
    }

    /** Reads what {@code c}'s master answered and settles it; returns how many publishes were settled. */
    private int collect(NodeCycle c, BoundedReplies.Batch deadline) {
        int done = 0;
        List<NodeCycle.Answer> answered = new ArrayList<>();
        for (int i = 0; i < c.batches.size(); i++) {
            PublishBatch b = c.batches.get(i);
            try {
                List<Object> r = deadline.await("EVALSHA publish on " + c.node.address(), c.replies.get(i));
                answered.add(new NodeCycle.Answer(b, (Long) r.get(0), (Long) r.get(1)));
            } catch (BackendUnavailableException e) {
                done += failed(c, b, e.getCause());
            }
        }
        done += directs.collect(c, deadline, answered, writer);
        if (!c.tailSent) {
            pendingStats += c.statsSent; // the link broke before the counters went out
            counters.unshared(c.failuresSent);
        }
        if (c.needsReplica() && (c.replicated == null || !replicatedInTime(c, deadline))) {
            // Applied on a master that may be gone before its replica had them: not confirmed. The
            // re-send is answered idempotently by whichever node serves the slot next.
            answered.forEach(a -> resend.add(a.batch()));
            answered.clear();
        }
        for (NodeCycle.Answer a : answered) {
            done += applied(a.batch(), a.first(), a.code());
        }
        collectCounter(c, c.stats, () -> pendingStats += c.statsSent);
        collectCounter(c, c.failures, () -> counters.unshared(c.failuresSent));
        if (c.noScript && !c.broken) {
            c.broken = !loadScripts(c.conn);
        }
        if (c.broken || c.redirected) {
            links.drop(c.node);
        }
        return done;
    }

    /** A batch's call failed: one Redis refused is settled (returns how many publishes), any other goes again. */
    private int failed(NodeCycle c, PublishBatch b, Throwable cause) {
        if (c.refusedBy(b, cause)) {
            refused(b, cause.getMessage());
            return b.size();
        }
        resend.add(b);
        return 0;
    }

    /** The node could not be reached: nothing was sent, all of it goes again. */
    private void unsent(NodeCycle c) {
        resend.addAll(c.batches);
        for (NodeCycle.Direct d : c.directs) {
            resend.add(d.batch);
        }
        pendingStats += c.statsSent;
        counters.unshared(c.failuresSent);
    }

    private boolean replicatedInTime(NodeCycle c, BoundedReplies.Batch deadline) {
        if (c.broken) {
            return false;
        }
        try {
            long replicas = deadline.await("WAIT on " + c.node.address(), c.replicated);
            if (replicas < 1 && !unreplicatedWarned) {
                unreplicatedWarned = true;
                LOG.warn(
                        "no replica of {} confirmed publishes within {} ms; they are confirmed unreplicated (a failover now could lose them)",
                        c.node.address(),
                        NodeCycle.REPLICA_WAIT_MS);
            } else if (replicas >= 1) {
                unreplicatedWarned = false;
            }
            return true;
        } catch (BackendUnavailableException e) {
            c.broken = true;
            lastError = e.getMessage();
            return false;
        }
    }

    private void collectCounter(NodeCycle c, RedisFuture<Long> reply, Runnable owedAgain) {
        if (reply == null) {
            return;
        }
        try {
            redis.await("INCRBY counter on " + c.node.address(), reply);
        } catch (BackendUnavailableException e) {
            owedAgain.run(); // may count twice if only the reply was lost; a metric, not data
            if (!(e.getCause() instanceof RedisCommandExecutionException)) {
                c.broken = true;
                lastError = e.getMessage();
            }
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
        written.accept(b.run.run);
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

    private boolean loadScripts(StatefulRedisConnection<String, String> conn) {
        RedisFuture<String> loaded = conn.async().scriptLoad(calls.script().source);
        RedisFuture<String> loadedCheck = conn.async().scriptLoad(calls.check().source);
        conn.flushCommands();
        try {
            redis.await("SCRIPT LOAD", loaded);
            redis.await("SCRIPT LOAD", loadedCheck);
            return true;
        } catch (BackendUnavailableException e) {
            lastError = e.getMessage(); // interrupted included: the flag is set again and the loop ends
            return false;
        }
    }

    private void linkUp() {
        if (!queue.isLinkUp()) {
            LOG.info("Redis publisher reaches {} again", where);
        }
        queue.linkUp();
    }

    private void linkDown(String error) {
        if (queue.isLinkUp()) {
            LOG.warn(
                    "lost Redis at {} while publishing ({}); publishes wait up to {} ms (bound {} events) and are re-sent in order",
                    where,
                    error,
                    TimeUnit.NANOSECONDS.toMillis(queue.maxWaitNanos()),
                    queue.maxQueued());
        }
        lastError = error;
        queue.linkDown(error);
    }

    /** Fails every publish not confirmed within the bound, oldest first (counted before it is failed). */
    private void expireOverdue() {
        long cutoff = ticker.nanos() - queue.maxWaitNanos();
        String why = queue.isLinkUp()
                ? "Redis at " + where + " did not confirm it"
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
            p.future.completeExceptionally(queue.notConfirmed(
                    p, why, "it was in flight when the connection broke, so it may or may not have been written"));
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
