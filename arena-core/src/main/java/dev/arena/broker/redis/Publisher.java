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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of a broker: one thread takes accepted publishes from the {@link PublishQueue},
 * groups each run's events into one batch, pipelines a whole cycle on its own connection
 * (auto-flush off) and completes the callers' futures with their seqs. A batch goes out as one
 * script call, or — when it is large enough and this producer knows where the run stands — as a
 * {@link DirectAppend}: a read-only check, then native {@code XADD}s in a {@code WATCH}ed
 * transaction, one check round trip per such batch (docs/design.md, "Direct appends").
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
    /** How long a master with replicas may take to have one of them confirm a cycle's writes. */
    private static final long REPLICA_WAIT_MS = 1_000;

    private final RedisConnector connector;
    private final BoundedReplies redis =
            new BoundedReplies("Redis", Duration.ofMillis(REPLY_TIMEOUT_MS), Ticker.system());
    private final PublishLinks links;
    private final PublishScript script;
    private final PublishScript check = PublishScript.loadCheck();
    private final BrokerSettings settings;
    private final String producerId;
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
    /** False once Redis refused the commands a direct append needs (e.g. an ACL without CLIENT REPLY). */
    private boolean direct = true;

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
        this.links = new PublishLinks(connector, List.of(script, check));
        this.script = script;
        this.settings = settings;
        this.producerId = producerId;
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
        queue.drainTo(carry, MAX_CYCLE - carry.size());
        Map<RunState, PublishBatch> byRun = new LinkedHashMap<>();
        int closedNow = 0;
        long bytes = 0;
        for (Iterator<PendingPublish> it = carry.iterator(); it.hasNext(); ) {
            PendingPublish p = it.next();
            if (!busy.isEmpty() && busy.contains(p.run)) {
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
            cycles.computeIfAbsent(node, NodeCycle::new).add(b);
        }
        long statsSent = pendingStats;
        pendingStats = 0;
        if (statsSent > 0) {
            RedisTopology.Node node = topology.masterFor(RunKeys.PUBLISHED);
            if (node == null) {
                pendingStats += statsSent;
            } else {
                cycles.computeIfAbsent(node, NodeCycle::new).statsSent = statsSent;
            }
        }
        long failuresSent = counters.takeUnsharedFailures();
        if (failuresSent > 0) {
            RedisTopology.Node node = topology.masterFor(RunKeys.PUBLISH_FAILURES);
            if (node == null) {
                counters.unshared(failuresSent);
            } else {
                cycles.computeIfAbsent(node, NodeCycle::new).failuresSent = failuresSent;
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
                c.unsent();
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

    /** What one master gets in a cycle, and what it answered. */
    private final class NodeCycle {
        final RedisTopology.Node node;
        /** Batches sent as publish.lua calls, all pipelined at once. */
        final List<PublishBatch> batches = new ArrayList<>();
        /** Batches sent as direct appends, one after the other (each waits for its check). */
        final List<Direct> directs = new ArrayList<>();

        long statsSent;
        long failuresSent;
        StatefulRedisConnection<String, String> conn;
        final List<RedisFuture<List<Object>>> replies = new ArrayList<>();
        /** The direct append whose check is in flight (= directs.size() once all are done). */
        int checking;

        boolean tailSent;
        RedisFuture<Long> stats;
        RedisFuture<Long> failures;
        RedisFuture<Long> replicated;
        boolean broken;
        boolean redirected;
        boolean noScript;

        NodeCycle(RedisTopology.Node node) {
            this.node = node;
        }

        void add(PublishBatch b) {
            if (direct && DirectAppend.suits(b)) {
                directs.add(new Direct(b));
            } else {
                batches.add(b);
            }
        }

        /** Sends the script calls and the first direct append's check (or the tail), flushed. */
        void start(StatefulRedisConnection<String, String> c) {
            RedisAsyncCommands<String, String> cmd = c.async();
            for (PublishBatch b : batches) {
                replies.add(cmd.evalsha(
                        script.sha,
                        ScriptOutputType.MULTI,
                        b.keys(),
                        b.args(producerId, settings, connector.isCluster())));
            }
            conn = c;
            next(cmd);
            c.flushCommands();
        }

        /**
         * Waits for the check in flight and sends its transaction (if it said go) and the next
         * check, or the tail after the last. Returns false when there was nothing to wait for or the
         * link broke.
         */
        boolean step(BoundedReplies.Batch deadline) {
            if (broken || checking >= directs.size()) {
                return false;
            }
            Direct d = directs.get(checking);
            List<Object> r = null;
            BackendUnavailableException failure = null;
            try {
                r = deadline.await("EVALSHA publish-check on " + node.address(), d.check);
            } catch (BackendUnavailableException e) {
                failure = e;
            }
            if (checking > 0 && !trusted(directs.get(checking - 1))) {
                return false; // the replies no longer match the commands: this check's answer is not its own
            }
            if (failure == null) {
                d.first = (Long) r.get(0);
                d.code = (Long) r.get(1);
                if (d.code == 0) {
                    d.sent = DirectAppend.append(conn, d.batch, d.first, producerId, settings, connector.isCluster());
                } else {
                    DirectAppend.unwatch(conn);
                }
            } else {
                d.failure = failure;
                if (!(failure.getCause() instanceof RedisCommandExecutionException)) {
                    broken = true; // no reply in time, or the link broke: the rest waits for the next cycle
                    lastError = failure.getCause() instanceof TimeoutException
                            ? failure.getCause().getMessage()
                            : BoundedReplies.rootMessage(failure.getCause());
                    return false;
                }
                DirectAppend.unwatch(conn);
            }
            checking++;
            next(conn.async());
            conn.flushCommands();
            return true;
        }

        /**
         * False (and the link marked broken) when {@code d}'s transaction was sent but its one reply
         * is not {@code OK}: whatever came back after it belongs to other commands.
         */
        boolean trusted(Direct d) {
            if (d.sent == null || d.sent.bodyAnswered()) {
                return true;
            }
            broken = true;
            lastError = "a direct append to run " + d.batch.run.run + " on " + node.address() + " got "
                    + bodyReply(d.sent) + " instead of OK";
            return false;
        }

        /** The next direct append's check, or once there is none the counters and WAIT. */
        private void next(RedisAsyncCommands<String, String> cmd) {
            if (checking < directs.size()) {
                Direct d = directs.get(checking);
                d.check = DirectAppend.check(conn, check, d.batch, producerId);
                return;
            }
            stats = statsSent > 0 ? cmd.incrby(RunKeys.PUBLISHED, statsSent) : null;
            failures = failuresSent > 0 ? cmd.incrby(RunKeys.PUBLISH_FAILURES, failuresSent) : null;
            replicated = needsReplica() ? cmd.waitForReplication(1, REPLICA_WAIT_MS) : null;
            tailSent = true;
        }

        /** A master with replicas confirms a cycle's writes only once a replica has them. */
        boolean needsReplica() {
            return node.replicas() > 0 && (!batches.isEmpty() || !directs.isEmpty());
        }

        /** The node could not be reached: nothing was sent, all of it goes again. */
        void unsent() {
            resend.addAll(batches);
            for (Direct d : directs) {
                resend.add(d.batch);
            }
            pendingStats += statsSent;
            counters.unshared(failuresSent);
        }
    }

    /** One direct append in a cycle: its check, what the check said, and the transaction's reply. */
    private static final class Direct {
        final PublishBatch batch;
        RedisFuture<List<Object>> check;
        BackendUnavailableException failure;
        Long code;
        long first;
        DirectAppend.Sent sent;

        Direct(PublishBatch batch) {
            this.batch = batch;
        }
    }

    private int collect(NodeCycle c, BoundedReplies.Batch deadline) {
        int done = 0;
        List<PublishBatch> answered = new ArrayList<>();
        List<List<Object>> answers = new ArrayList<>();
        for (int i = 0; i < c.batches.size(); i++) {
            PublishBatch b = c.batches.get(i);
            try {
                answers.add(deadline.await("EVALSHA publish on " + c.node.address(), c.replies.get(i)));
                answered.add(b);
            } catch (BackendUnavailableException e) {
                Throwable cause = e.getCause();
                if (PublishScript.isNoScript(cause)) {
                    c.noScript = true;
                    resend.add(b);
                } else if (isRedirect(cause)) {
                    c.redirected = true;
                    lastError =
                            c.node.address() + " no longer serves run " + b.run.run + " (" + cause.getMessage() + ")";
                    resend.add(b);
                } else if (cause instanceof RedisCommandExecutionException) {
                    refused(b, cause.getMessage());
                    done += b.size();
                } else {
                    // no reply in time, interrupted (flag restored), cancelled, or the link broke
                    c.broken = true;
                    lastError =
                            cause instanceof TimeoutException ? cause.getMessage() : BoundedReplies.rootMessage(cause);
                    resend.add(b);
                }
            }
        }
        done += collectDirect(c, deadline, answered, answers);
        if (!c.tailSent) {
            pendingStats += c.statsSent; // the link broke before the counters went out
            counters.unshared(c.failuresSent);
        }
        if (c.needsReplica() && (c.replicated == null || !replicatedInTime(c, deadline))) {
            // Applied on a master that may be gone before its replica had them: not confirmed. The
            // re-send is answered idempotently by whichever node serves the slot next.
            resend.addAll(answered);
            answered.clear();
        }
        for (int i = 0; i < answered.size(); i++) {
            List<Object> r = answers.get(i);
            done += applied(answered.get(i), (Long) r.get(0), (Long) r.get(1));
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

    /**
     * The direct appends' outcomes: applied (or already applied) ones join {@code answered}; a run
     * that moved on, or a transaction another writer's change discarded, goes again through
     * publish.lua; a refused check fails its batch; anything unanswered is re-sent.
     */
    private int collectDirect(
            NodeCycle c, BoundedReplies.Batch deadline, List<PublishBatch> answered, List<List<Object>> answers) {
        int done = 0;
        for (Direct d : c.directs) {
            PublishBatch b = d.batch;
            if (d.check == null || (d.code == null && d.failure == null)) {
                resend.add(b); // its check was never sent or never answered
            } else if (d.failure != null) {
                Throwable cause = d.failure.getCause();
                if (PublishScript.isNoScript(cause)) {
                    c.noScript = true;
                    resend.add(b);
                } else if (isRedirect(cause)) {
                    c.redirected = true;
                    lastError =
                            c.node.address() + " no longer serves run " + b.run.run + " (" + cause.getMessage() + ")";
                    resend.add(b);
                } else if (cause instanceof RedisCommandExecutionException) {
                    refused(b, cause.getMessage());
                    done += b.size();
                } else {
                    resend.add(b);
                }
            } else if (d.code == 2) {
                b.mismatched(d.first); // another producer wrote to the run: nothing applied
                resend.add(b);
            } else if (d.code == 1) {
                answered.add(b);
                answers.add(List.of(d.first, 1L));
            } else {
                transactionOutcome(c, d, deadline, answered, answers);
            }
        }
        return done;
    }

    /** A sent transaction: applied if its one reply is OK and the producer's record then names the batch. */
    private void transactionOutcome(
            NodeCycle c,
            Direct d,
            BoundedReplies.Batch deadline,
            List<PublishBatch> answered,
            List<List<Object>> answers) {
        PublishBatch b = d.batch;
        resend.add(b); // until it is known to have applied; a re-sent batch is answered idempotently
        try {
            deadline.await("direct append on " + c.node.address(), d.sent.body());
        } catch (BackendUnavailableException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RedisCommandExecutionException) {
                refusedDirect(cause.getMessage());
            }
            c.broken = true; // no reply in time, the link broke, or its replies no longer match the commands
            lastError = cause instanceof TimeoutException ? cause.getMessage() : BoundedReplies.rootMessage(cause);
            return;
        }
        if (!d.sent.bodyAnswered()) {
            c.broken = true;
            lastError = "a direct append to run " + b.run.run + " on " + c.node.address() + " got " + bodyReply(d.sent)
                    + " instead of OK";
            return;
        }
        String record;
        try {
            record = deadline.await("HGET " + b.run.keys.meta, d.sent.record());
        } catch (BackendUnavailableException e) {
            Throwable cause = e.getCause();
            if (isRedirect(cause)) {
                c.redirected = true;
                lastError = c.node.address() + " no longer serves run " + b.run.run + " (" + cause.getMessage() + ")";
            } else if (cause instanceof RedisCommandExecutionException) {
                b.throughScript(); // publish.lua says what is wrong with the run
            } else {
                c.broken = true;
                lastError = cause instanceof TimeoutException ? cause.getMessage() : BoundedReplies.rootMessage(cause);
            }
            return;
        }
        if (d.sent.expectedRecord().equals(record)) {
            resend.remove(resend.size() - 1);
            answered.add(b);
            answers.add(List.of(d.first, 0L));
        } else {
            // EXEC discarded (the run changed after the check) or refused (EXECABORT): nothing applied.
            b.throughScript();
        }
    }

    private static String bodyReply(DirectAppend.Sent sent) {
        if (!sent.body().isDone()) {
            return "no reply";
        }
        try {
            return "'" + sent.body().getNow(null) + "'";
        } catch (RuntimeException e) {
            return "'" + BoundedReplies.rootMessage(e) + "'";
        }
    }

    /** Redis refused CLIENT REPLY (an ACL, a proxy): publish through publish.lua from now on. */
    private void refusedDirect(String redisMessage) {
        String m = redisMessage == null ? "" : redisMessage;
        if (direct && (m.startsWith("NOPERM") || m.startsWith("ERR unknown") || m.startsWith("ERR Unknown"))) {
            direct = false;
            LOG.warn(
                    "Redis at {} refused a direct append ({}); publishing through the publish script only from now on",
                    where,
                    m);
        }
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
                        REPLICA_WAIT_MS);
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

    /** A cluster error that means "ask another node" rather than "refused": re-send after a topology refresh. */
    private static boolean isRedirect(Throwable cause) {
        String m = cause == null ? null : cause.getMessage();
        return m != null
                && (m.startsWith("MOVED")
                        || m.startsWith("ASK")
                        || m.startsWith("CLUSTERDOWN")
                        || m.startsWith("TRYAGAIN")
                        || m.startsWith("READONLY"));
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
        RedisFuture<String> loaded = conn.async().scriptLoad(script.source);
        RedisFuture<String> loadedCheck = conn.async().scriptLoad(check.source);
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
