package dev.arena.broker.redis;

import dev.arena.broker.Envelope;
import dev.arena.broker.RunId;
import dev.arena.time.Ticker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tailer's view of one run that has local subscribers: a small cache of the newest envelopes
 * read by {@code XREAD}, the cursor, and the subscriptions waiting for more. Readers older than
 * the cache fetch history themselves ({@code XRANGE}); the cache only has to cover the live edge.
 * Thread-safe; callbacks are collected under the lock and run after it is released.
 */
final class RunTail {

    /**
     * Newest envelopes kept per watched run: about a second of a busy run (5k ev/s), so a reader
     * briefly behind the live edge (a slow SSE client, a CPU-starved server) is served from memory
     * instead of each re-reading and re-parsing history with its own XRANGE. ~1.5 MB per run at
     * ~400-byte envelopes, and only for runs this process has subscribers on.
     */
    static final int CACHE = 4096;

    /** Where a seq stands relative to this tail. */
    enum Where {
        CACHED,
        FUTURE,
        HISTORY,
        GONE
    }

    /** The answer to a lookup: where the seq is, and the envelope when cached; {@code lost} when GONE while open. */
    record Lookup(Where where, Envelope envelope, long availableFrom, boolean lost) {
        Lookup(Where where, Envelope envelope, long availableFrom) {
            this(where, envelope, availableFrom, false);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(RunTail.class);

    final RunId run;
    final RunKeys keys;
    private final Envelope[] ring;
    private final int capacity;
    private long cacheHead;
    private long last;
    private boolean ended;
    private long goneFrom = -1;
    private boolean lost;
    private final Ticker ticker;
    private long lastNewsNanos;
    private final Set<RedisSubscription> subscribers = new HashSet<>();
    private List<RedisSubscription> waiting = new ArrayList<>();

    /**
     * A tail that starts reading after {@code lastSeq}, the stream's newest seq when the first reader
     * came; {@code ended} when that newest entry is the terminal event (nothing left to tail).
     */
    RunTail(RunKeys keys, long lastSeq, boolean ended, int streamMaxLen, Ticker ticker) {
        // Never hold more than the stream is sure to retain (at least MAXLEN), so a reader that fell
        // past the retention window gets overflow here exactly as it would from Redis.
        this.capacity = Math.max(1, Math.min(CACHE, streamMaxLen));
        this.ring = new Envelope[capacity];
        this.run = keys.run;
        this.keys = keys;
        this.last = lastSeq;
        this.cacheHead = lastSeq + 1;
        this.ended = ended;
        this.ticker = ticker;
        this.lastNewsNanos = ticker.nanos();
    }

    synchronized String cursor() {
        return last + "-0";
    }

    /** True while XREAD should include this run: no terminal seen and the stream not gone. */
    synchronized boolean needsTailing() {
        return !ended && goneFrom < 0;
    }

    synchronized boolean isGone() {
        return goneFrom >= 0;
    }

    synchronized boolean quietSince(long nanos) {
        return lastNewsNanos - nanos < 0;
    }

    /** Appends entries XREAD returned (ascending); a jump past {@code last + 1} means trimming. */
    void append(List<Envelope> entries) {
        List<RedisSubscription> wake;
        synchronized (this) {
            for (Envelope e : entries) {
                long seq = e.seq();
                if (seq <= last) {
                    continue;
                }
                if (seq != last + 1) {
                    cacheHead = seq; // the entries between were trimmed before the tailer read them
                }
                ring[(int) (seq % capacity)] = e;
                last = seq;
                if (last - cacheHead >= capacity) {
                    cacheHead = last - capacity + 1;
                }
                if (e.isTerminal()) {
                    ended = true;
                }
            }
            lastNewsNanos = ticker.nanos();
            wake = takeWaiting();
        }
        RedisSubscription.fireAll(wake);
    }

    /**
     * The stream vanished although no terminal event was seen: the run was lost (Redis restarted
     * without persistence, was flushed, or evicted or deleted its keys). Every reader gets overflow
     * with reason {@code lost}; the first call counts it and logs one WARN.
     */
    void lose(LocalCounters counters) {
        boolean first;
        synchronized (this) {
            first = !lost && !ended;
            if (first) {
                lost = true;
            }
        }
        if (first) {
            counters.runsLost.increment();
            LOG.warn(
                    "run {} was LOST: its Redis stream {} vanished while the run was open (after seq {}); likely"
                            + " Redis restarted without persistence or was flushed (FLUSHALL), evicted or deleted the key, or it"
                            + " expired as an orphan. Its readers get overflow with reason lost. Prevent it with AOF"
                            + " (appendonly yes): see runbooks/redis-operations.md",
                    run,
                    keys.events,
                    last());
        }
        vanish();
    }

    /** Seen the terminal event (then a vanished stream was retention, not a loss). */
    synchronized boolean ended() {
        return ended;
    }

    /** The stream was deleted or expired: every reader gets overflow from the seq after the last one seen. */
    void vanish() {
        List<RedisSubscription> wake;
        synchronized (this) {
            if (goneFrom < 0) {
                goneFrom = last + 1;
            }
            wake = takeWaiting();
        }
        RedisSubscription.fireAll(wake);
    }

    /** Where {@code seq} is; registers {@code sub} to be woken when it is still in the future and {@code await}. */
    synchronized Lookup lookup(long seq, RedisSubscription sub, boolean await) {
        if (goneFrom >= 0) {
            return new Lookup(Where.GONE, null, goneFrom, lost);
        }
        if (seq > last) {
            if (await) {
                waiting.add(sub);
            }
            return new Lookup(Where.FUTURE, null, 0);
        }
        if (seq < cacheHead) {
            return new Lookup(Where.HISTORY, null, 0);
        }
        return new Lookup(Where.CACHED, ring[(int) (seq % capacity)], 0);
    }

    synchronized long last() {
        return last;
    }

    synchronized void add(RedisSubscription sub) {
        subscribers.add(sub);
    }

    /** Removes {@code sub}; returns true when no subscriber is left. */
    synchronized boolean remove(RedisSubscription sub) {
        subscribers.remove(sub);
        waiting.remove(sub);
        return subscribers.isEmpty();
    }

    synchronized int subscriberCount() {
        return subscribers.size();
    }

    synchronized List<RedisSubscription> subscribers() {
        return List.copyOf(subscribers);
    }

    private List<RedisSubscription> takeWaiting() {
        if (waiting.isEmpty()) {
            return List.of();
        }
        List<RedisSubscription> wake = waiting;
        waiting = new ArrayList<>();
        return wake;
    }
}
