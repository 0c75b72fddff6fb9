package dev.arena.broker.redis;

import dev.arena.broker.BrokerException;
import dev.arena.broker.RunClosedException;
import dev.arena.broker.RunOutcome;
import dev.arena.broker.UnknownRunException;
import dev.arena.config.BrokerSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Consecutive publishes of one run sent as one unit: one publish.lua call, or one direct append
 * ({@link DirectAppend}). The batch number is unique per producer, so re-sending the same batch
 * after a lost reply — by either path — is answered from the run's meta hash instead of appending
 * twice. The script arguments are built once and reused on re-send.
 */
final class PublishBatch {

    final RunState run;
    final long number;
    final boolean opens;
    /** The publishes in order; add through {@link #add}. */
    final List<PendingPublish> items;
    /** The UTF-8 bytes of the items' envelope tails, summed. */
    private long suffixBytes;

    private String[] args;
    private long argsExpected = -1;
    private boolean templateOnly;

    PublishBatch(RunState run, long number, boolean opens) {
        this(run, number, opens, 0);
    }

    /** A batch expected to hold about {@code expectedSize} publishes (room made up front, not a limit). */
    PublishBatch(RunState run, long number, boolean opens, int expectedSize) {
        this.run = run;
        this.number = number;
        this.opens = opens;
        this.items = new ArrayList<>(Math.max(10, expectedSize));
    }

    /** Appends {@code p} to the batch. */
    void add(PendingPublish p) {
        items.add(p);
        suffixBytes += p.suffixBytes().length;
    }

    /** The UTF-8 bytes of the items' envelope tails, summed: what the envelopes add to the seq and the run's prefix. */
    long suffixBytes() {
        return suffixBytes;
    }

    boolean terminal() {
        return !items.isEmpty() && items.get(items.size() - 1).terminal();
    }

    int size() {
        return items.size();
    }

    long oldestAcceptedNanos() {
        return items.get(0).acceptedNanos;
    }

    String[] keys() {
        return run.keys.scriptKeys();
    }

    /**
     * The script arguments. Exact mode (complete envelopes for the seqs this producer expects, see
     * publish.lua) unless the batch was switched to template mode after a mismatch.
     */
    String[] args(String producerId, BrokerSettings settings, boolean announce) {
        long expected = templateOnly ? 0 : expectedFirst();
        if (args == null || argsExpected != expected) {
            // At least 1 s even with ARENA_CLOSED_RETENTION=0, so live readers can still drain the terminal event.
            long closedMs = Math.max(1000, settings.closedRetention().toMillis());
            long openMs = settings.runTtl().toMillis();
            PendingPublish first = items.get(0);
            String[] a = new String[PublishScript.FIXED_ARGS + items.size()];
            a[0] = producerId;
            a[1] = Long.toString(number);
            a[2] = opens ? "open" : "pub";
            a[3] = Integer.toString(settings.streamMaxLen());
            a[4] = Long.toString(openMs);
            a[5] = Long.toString(openMs + closedMs);
            a[6] = Long.toString(closedMs);
            a[7] = terminal() ? "1" : "0";
            a[8] = run.prefix;
            a[9] = opens ? first.startedAt : "";
            a[10] = opens && first.parent != null ? first.parent : "";
            a[11] = Long.toString(expected);
            a[12] = announce ? run.keys.news : "";
            for (int i = 0; i < items.size(); i++) {
                String suffix = items.get(i).suffix();
                a[PublishScript.FIXED_ARGS + i] = expected == 0 ? suffix : run.prefix + (expected + i) + suffix;
            }
            args = a;
            argsExpected = expected;
        }
        return args;
    }

    /** The run had moved on past what this producer expected: send the batch in template mode. */
    void mismatched(long currentLastSeq) {
        run.confirmed(currentLastSeq);
        templateOnly = true;
    }

    /** Another writer got in between (or Redis refused the transaction): re-send through publish.lua in template mode. */
    void throughScript() {
        templateOnly = true;
    }

    /** True once the batch must go through publish.lua in template mode. */
    boolean templateOnly() {
        return templateOnly;
    }

    /** The seq this producer expects the batch to start at (its last confirmed seq of the run + 1). */
    long expectedFirst() {
        return run.seqHint.get() + 1;
    }

    /** The number of {@code run.reaped} events in this batch (only its last event can be terminal). */
    int reaped() {
        return !items.isEmpty() && items.get(items.size() - 1).outcome == RunOutcome.REAPED ? 1 : 0;
    }

    /** Completes every future with its seq. */
    void succeed(long firstSeq) {
        run.confirmed(firstSeq + items.size() - 1);
        for (int i = 0; i < items.size(); i++) {
            items.get(i).future.complete(firstSeq + i);
        }
    }

    void fail(Throwable error) {
        for (PendingPublish p : items) {
            p.future.completeExceptionally(error);
        }
    }

    /** Translates an {@code ARENA_*} error of the script into the broker's exception for this run. */
    RuntimeException translate(String redisMessage) {
        String m = redisMessage == null ? "" : redisMessage;
        if (m.startsWith("ARENA_CLOSED")) {
            run.markClosed(Instant.EPOCH);
            return new RunClosedException(run.run);
        }
        if (m.startsWith("ARENA_UNKNOWN")) {
            return new UnknownRunException(run.run);
        }
        if (m.startsWith("ARENA_EXISTS")) {
            return new IllegalStateException("run " + run.run + " already exists in Redis; open each run id once");
        }
        if (m.startsWith("ARENA_RESET")) {
            return new BrokerException("run " + run.run + ": " + m.substring("ARENA_RESET ".length()) + " ("
                    + run.keys.seq + " vs " + run.keys.events + "); nothing was written — reap or drop the run");
        }
        return new BrokerException("Redis rejected the publish to run " + run.run + ": " + m);
    }
}
