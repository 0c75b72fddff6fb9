package dev.arena.broker.redis;

import dev.arena.broker.BrokerOverflowException;
import dev.arena.broker.Envelope;
import dev.arena.broker.RunId;
import dev.arena.broker.UnknownRunException;
import dev.arena.reply.BoundedReplies;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's stream read back on the broker's shared connection: pages for subscribers catching up
 * (non-blocking; answers on the callback thread, and after a failure only after a pause, so readers
 * back off), whole ranges for {@code read}, and when the stream was born, which tells a trimmed
 * seq from one lost with the stream. Thread-safe.
 */
final class StreamHistory implements RedisSubscription.HistorySource {

    /** Logged under the broker's name: these lines are the broker's. */
    private static final Logger LOG = LoggerFactory.getLogger(RedisStreamsBroker.class);

    private final RedisClusterAsyncCommands<String, String> shared;
    private final BoundedReplies calls;
    private final ScheduledExecutorService timer;
    private final ExecutorService callbacks;

    /**
     * @param timer     delays the answer after a failure
     * @param callbacks where pages are handed to subscribers
     */
    StreamHistory(
            RedisClusterAsyncCommands<String, String> shared,
            BoundedReplies calls,
            ScheduledExecutorService timer,
            ExecutorService callbacks) {
        this.shared = shared;
        this.calls = calls;
        this.timer = timer;
        this.callbacks = callbacks;
    }

    /** Non-blocking history page on the shared connection; after a failure the answer is delayed so readers back off. */
    @Override
    public void fetch(RunKeys keys, long fromSeq, int max, RedisSubscription.HistoryCallback callback) {
        try {
            shared.xrange(
                            keys.events,
                            Range.from(Range.Boundary.including(fromSeq + "-0"), Range.Boundary.unbounded()),
                            Limit.from(max))
                    .whenComplete((page, error) -> {
                        if (error == null) {
                            callbacks.execute(() -> deliver(keys, fromSeq, page, callback));
                        } else {
                            retryLater(callback, error);
                        }
                    });
        } catch (RuntimeException e) {
            retryLater(callback, e);
        }
    }

    private void deliver(
            RunKeys keys,
            long fromSeq,
            List<StreamMessage<String, String>> page,
            RedisSubscription.HistoryCallback callback) {
        List<Envelope> entries;
        try {
            entries = envelopes(page);
        } catch (IllegalArgumentException malformed) {
            LOG.warn("a stream entry is not an envelope ({}); the reader waits", malformed.getMessage());
            retryLater(callback, malformed);
            return;
        }
        if (entries.isEmpty() || entries.get(0).seq() <= fromSeq) {
            callback.done(entries, null, 0);
            return;
        }
        // past the asked seq: whether it was trimmed or the stream is younger than it decides trimmed or lost
        try {
            shared.xinfoStream(keys.events)
                    .whenComplete((info, error) -> callbacks.execute(() -> callback.done(
                            entries, null, error == null ? StreamBirth.firstSeq(info) : StreamBirth.UNKNOWN)));
        } catch (RuntimeException e) {
            callback.done(entries, null, StreamBirth.UNKNOWN);
        }
    }

    /** {@link StreamBirth#firstSeq} of a run's stream, asked now; {@link StreamBirth#UNKNOWN} when Redis cannot say. */
    long streamBorn(RunKeys keys) {
        try {
            return StreamBirth.firstSeq(calls.await("XINFO STREAM " + keys.events, shared.xinfoStream(keys.events)));
        } catch (RuntimeException e) {
            return StreamBirth.UNKNOWN;
        }
    }

    private void retryLater(RedisSubscription.HistoryCallback callback, Throwable error) {
        try {
            timer.schedule(
                    () -> callbacks.execute(() -> callback.done(List.of(), error, 0)), 500, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // the broker is closing; its subscriptions are being closed too
        }
    }

    /**
     * Up to {@code max} envelopes of {@code run} from {@code fromSeq}, in pages of at most 1,000.
     *
     * @throws UnknownRunException     when the run's stream does not exist
     * @throws BrokerOverflowException when {@code fromSeq} is no longer in the stream
     */
    List<Envelope> read(RunId run, long fromSeq, int max) {
        RunKeys keys = RunKeys.of(run);
        long from = Math.max(1, fromSeq);
        List<Envelope> out = new ArrayList<>();
        while (out.size() < max) {
            int page = (int) Math.min(1_000, (long) max - out.size());
            List<Envelope> got = envelopes(calls.await(
                    "XRANGE " + keys.events,
                    shared.xrange(
                            keys.events,
                            Range.from(Range.Boundary.including(from + "-0"), Range.Boundary.unbounded()),
                            Limit.from(page))));
            if (got.isEmpty()) {
                if (out.isEmpty() && calls.await("EXISTS " + keys.events, shared.exists(keys.events)) == 0) {
                    throw new UnknownRunException(run);
                }
                break;
            }
            if (out.isEmpty() && got.get(0).seq() > from) {
                throw new BrokerOverflowException(run, from, got.get(0).seq());
            }
            out.addAll(got);
            from = got.get(got.size() - 1).seq() + 1;
            if (got.size() < page) {
                break;
            }
        }
        return out;
    }

    /** The envelopes of stream entries (entries without one are skipped). */
    static List<Envelope> envelopes(List<StreamMessage<String, String>> page) {
        List<Envelope> out = new ArrayList<>(page.size());
        for (StreamMessage<String, String> m : page) {
            String data = m.getBody().get("data");
            if (data != null) {
                out.add(Envelope.parse(data));
            }
        }
        return out;
    }
}
