package dev.arena.broker.redis;

import dev.arena.error.BackendUnavailableException;
import dev.arena.reply.BoundedReplies;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * What one master gets in a {@link Publisher} cycle, and what it answered: the batches sent as
 * {@code publish.lua} calls (pipelined at once), the direct appends (one after the other, each
 * waiting for its check), then the shared counters and, on a master with replicas, a {@code WAIT}.
 * It notes what the answers say about the node — no script cached, a redirect, a broken link — and
 * hands each failure's message to {@code errors}. Owned by the writer thread for one cycle.
 */
final class NodeCycle {

    /** How long a master with replicas may take to have one of them confirm a cycle's writes. */
    static final long REPLICA_WAIT_MS = 1_000;

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
    private int checking;

    boolean tailSent;
    RedisFuture<Long> stats;
    RedisFuture<Long> failures;
    RedisFuture<Long> replicated;
    boolean broken;
    boolean redirected;
    boolean noScript;

    private final ProducerCalls calls;
    private final Consumer<String> errors;

    NodeCycle(RedisTopology.Node node, ProducerCalls calls, Consumer<String> errors) {
        this.node = node;
        this.calls = calls;
        this.errors = errors;
    }

    /** Adds {@code b}: as a direct append when {@code direct} allows and it {@link DirectAppend#suits}. */
    void add(PublishBatch b, boolean direct) {
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
            replies.add(calls.publish(cmd, b));
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
                d.sent = calls.append(conn, d.batch, d.first);
            } else {
                DirectAppend.unwatch(conn);
            }
        } else {
            d.failure = failure;
            if (!(failure.getCause() instanceof RedisCommandExecutionException)) {
                broke(failure.getCause()); // the rest waits for the next cycle
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
        errors.accept("a direct append to run " + d.batch.run.run + " on " + node.address() + " got "
                + bodyReply(d.sent) + " instead of OK");
        return false;
    }

    /** The next direct append's check, or once there is none the counters and WAIT. */
    private void next(RedisAsyncCommands<String, String> cmd) {
        if (checking < directs.size()) {
            Direct d = directs.get(checking);
            d.check = calls.check(conn, d.batch);
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

    /**
     * A call for {@code b} (its script or its check) failed with {@code cause}: notes what that says
     * about the node. True when Redis refused the batch itself (the script's verdict, in the
     * message), false when the batch must go again.
     */
    boolean refusedBy(PublishBatch b, Throwable cause) {
        if (PublishScript.isNoScript(cause)) {
            noScript = true;
            return false;
        }
        if (isRedirect(cause)) {
            redirected(b, cause);
            return false;
        }
        if (cause instanceof RedisCommandExecutionException) {
            return true;
        }
        broke(cause); // no reply in time, interrupted (flag restored), cancelled, or the link broke
        return false;
    }

    /** The node answered a call for {@code b} with a redirect: the batch goes again after a topology refresh. */
    void redirected(PublishBatch b, Throwable cause) {
        redirected = true;
        errors.accept(node.address() + " no longer serves run " + b.run.run + " (" + cause.getMessage() + ")");
    }

    /** No reply in time, or the link broke, or its replies no longer match the commands. */
    void broke(Throwable cause) {
        broken = true;
        errors.accept(cause instanceof TimeoutException ? cause.getMessage() : BoundedReplies.rootMessage(cause));
    }

    /** A cluster error that means "ask another node" rather than "refused": re-send after a topology refresh. */
    static boolean isRedirect(Throwable cause) {
        String m = cause == null ? null : cause.getMessage();
        return m != null
                && (m.startsWith("MOVED")
                        || m.startsWith("ASK")
                        || m.startsWith("CLUSTERDOWN")
                        || m.startsWith("TRYAGAIN")
                        || m.startsWith("READONLY"));
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

    /** One direct append in a cycle: its check, what the check said, and the transaction's reply. */
    static final class Direct {
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

    /** A batch Redis applied (code 0), had applied already (1), or found moved on (2), from seq {@code first}. */
    record Answer(PublishBatch batch, long first, long code) {}
}
