package dev.arena.broker.redis;

import dev.arena.error.BackendUnavailableException;
import dev.arena.reply.BoundedReplies;
import io.lettuce.core.RedisCommandExecutionException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What became of a cycle's direct appends on one master (docs/design.md, "Direct appends"): applied
 * (or already applied) ones are answered; a run that moved on, or a transaction another writer's
 * change discarded, goes again through publish.lua; a refused check fails its batch; anything
 * unanswered goes again. Also remembers whether this Redis allows direct appends at all: once it
 * refuses the commands they need (an ACL without {@code CLIENT REPLY}, a proxy), every batch goes
 * through publish.lua. Owned by the writer thread.
 */
final class DirectOutcomes {

    /** Logged under the publisher's name: the line is the publisher's. */
    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);

    /** The writer's side of an outcome. */
    interface Writer {
        /** {@code b} goes again in a later cycle. */
        void resend(PublishBatch b);

        /** {@code b}'s check failed with {@code cause}: settled or re-sent; returns how many publishes were settled. */
        int failed(NodeCycle c, PublishBatch b, Throwable cause);
    }

    private final String where;
    private boolean enabled = true;

    /** @param where the Redis URL (masked), for the log line when direct appends are given up */
    DirectOutcomes(String where) {
        this.where = where;
    }

    /** False once Redis refused the commands a direct append needs. */
    boolean enabled() {
        return enabled;
    }

    /**
     * Decides every direct append of {@code c}: answered ones join {@code answered}, the others go
     * to {@code writer}. Returns how many publishes were settled (refused) here.
     */
    int collect(NodeCycle c, BoundedReplies.Batch deadline, List<NodeCycle.Answer> answered, Writer writer) {
        int done = 0;
        for (NodeCycle.Direct d : c.directs) {
            PublishBatch b = d.batch;
            if (d.check == null || (d.code == null && !answeredWithError(d))) {
                writer.resend(b); // its check was never sent, never answered, or its link broke (noted then)
            } else if (d.failure != null) {
                done += writer.failed(c, b, d.failure.getCause());
            } else if (d.code == 2) {
                b.mismatched(d.first); // another producer wrote to the run: nothing applied
                writer.resend(b);
            } else if (d.code == 1) {
                answered.add(new NodeCycle.Answer(b, d.first, 1L));
            } else if (applied(c, d, deadline)) {
                answered.add(new NodeCycle.Answer(b, d.first, 0L));
            } else {
                writer.resend(b); // a re-sent batch is answered idempotently
            }
        }
        return done;
    }

    /** True when Redis answered the check with an error (its verdict); false for no answer or a broken link. */
    private static boolean answeredWithError(NodeCycle.Direct d) {
        return d.failure != null && d.failure.getCause() instanceof RedisCommandExecutionException;
    }

    /** A sent transaction: applied if its one reply is OK and the producer's record then names the batch. */
    private boolean applied(NodeCycle c, NodeCycle.Direct d, BoundedReplies.Batch deadline) {
        PublishBatch b = d.batch;
        try {
            deadline.await("direct append on " + c.node.address(), d.sent.body());
        } catch (BackendUnavailableException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RedisCommandExecutionException) {
                refused(cause.getMessage());
            }
            c.broke(cause);
            return false;
        }
        if (!c.trusted(d)) {
            return false;
        }
        String record;
        try {
            record = deadline.await("HGET " + b.run.keys.meta, d.sent.record());
        } catch (BackendUnavailableException e) {
            Throwable cause = e.getCause();
            if (NodeCycle.isRedirect(cause)) {
                c.redirected(b, cause);
            } else if (cause instanceof RedisCommandExecutionException) {
                b.throughScript(); // publish.lua says what is wrong with the run
            } else {
                c.broke(cause);
            }
            return false;
        }
        if (d.sent.expectedRecord().equals(record)) {
            return true;
        }
        // EXEC discarded (the run changed after the check) or refused (EXECABORT): nothing applied.
        b.throughScript();
        return false;
    }

    /** Redis refused CLIENT REPLY (an ACL, a proxy): publish through publish.lua from now on. */
    private void refused(String redisMessage) {
        String m = redisMessage == null ? "" : redisMessage;
        if (enabled && (m.startsWith("NOPERM") || m.startsWith("ERR unknown") || m.startsWith("ERR Unknown"))) {
            enabled = false;
            LOG.warn(
                    "Redis at {} refused a direct append ({}); publishing through the publish script only from now on",
                    where,
                    m);
        }
    }
}
