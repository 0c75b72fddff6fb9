package dev.arena.broker.redis;

import dev.arena.broker.RunId;
import dev.arena.reply.BoundedReplies;
import dev.arena.time.Ticker;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster: {@code XREAD} cannot name streams of different slots, so instead of one
 * blocking read the tailer holds one pub/sub connection per master, subscribed with
 * {@code SSUBSCRIBE} to the sharded news channel of every watched run that master serves; the
 * publish script announces each batch there. Only announced runs are read, with one pipelined
 * non-blocking {@code XREAD} per run on the shared (slot-routed) connection. Every block interval
 * all watched runs are read anyway, so an announcement lost while a master failed over, or sent by
 * a producer that does not announce, delays delivery by at most that interval and loses nothing:
 * reads always continue from each run's cursor.
 *
 * <p>Connections: one pub/sub connection per master, whatever the number of runs or readers.
 */
final class AnnouncedTailReads implements TailReads {

    private final RedisConnector connector;
    private final RedisClusterAsyncCommands<String, String> shared;
    private final BoundedReplies replies;
    private final long blockMs;
    private final Object signal = new Object();
    /** Runs announced since the last read. */
    private final Set<RunId> announced = ConcurrentHashMap.newKeySet();

    private volatile boolean woken;
    // Owned by the tailer thread.
    private final Map<String, Subscriber> subscribers = new HashMap<>();
    private final Ticker ticker;
    private long lastFullRead;

    AnnouncedTailReads(
            RedisConnector connector, RedisClusterAsyncCommands<String, String> shared, long blockMs, Ticker ticker) {
        this.connector = connector;
        this.shared = shared;
        this.replies = connector.replies();
        this.blockMs = blockMs;
        this.ticker = ticker;
        this.lastFullRead = ticker.nanos();
    }

    /** One master's pub/sub connection and the news channels subscribed on it. */
    private final class Subscriber {
        final RedisTopology.Node node;
        final StatefulRedisPubSubConnection<String, String> conn;
        final Set<String> channels = new HashSet<>();

        Subscriber(RedisTopology.Node node) {
            this.node = node;
            this.conn = connector.nodePubSub(node, "/news");
            this.conn.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void smessage(String channel, String message) {
                    RunId run = RunKeys.runOf(channel);
                    if (run != null) {
                        announced.add(run);
                        signal();
                    }
                }
            });
        }
    }

    @Override
    public void prepare() {
        for (RedisTopology.Node master : connector.topology().masters()) {
            Subscriber s = subscribers.get(master.address());
            if (s == null || !s.conn.isOpen() || !s.node.equals(master)) {
                if (s != null) {
                    s.conn.close();
                }
                subscribers.put(master.address(), new Subscriber(master));
            }
        }
    }

    @Override
    public List<StreamMessage<String, String>> read(List<RunTail> active) throws InterruptedException {
        Set<RunTail> due = new HashSet<>(subscribe(active));
        long now = ticker.nanos();
        if (now - lastFullRead >= TimeUnit.MILLISECONDS.toNanos(blockMs)) {
            due.addAll(active);
            lastFullRead = now;
            announced.clear();
        } else {
            for (RunTail t : active) {
                if (announced.remove(t.run)) {
                    due.add(t);
                }
            }
        }
        if (due.isEmpty()) {
            long left = TimeUnit.NANOSECONDS.toMillis(lastFullRead + TimeUnit.MILLISECONDS.toNanos(blockMs) - now);
            synchronized (signal) {
                if (announced.isEmpty() && !woken) {
                    signal.wait(Math.max(1, left));
                }
                woken = false;
            }
            return List.of();
        }
        return readAll(due);
    }

    /**
     * Subscribes each watched run's news channel on the master that serves it now (moving it after
     * a failover) and drops channels of runs no longer watched; returns the runs just subscribed,
     * to be read once now so nothing written before the subscription is missed.
     */
    private List<RunTail> subscribe(List<RunTail> active) {
        RedisTopology topology = connector.topology();
        Map<String, List<RunTail>> wanted = new LinkedHashMap<>();
        Map<String, RedisTopology.Node> nodes = new HashMap<>();
        for (RedisTopology.Node master : topology.masters()) {
            // Every master gets its connection up front, so a reader's first read waits for no connect.
            wanted.put(master.address(), new ArrayList<>());
            nodes.put(master.address(), master);
        }
        for (RunTail t : active) {
            RedisTopology.Node master = topology.masterFor(t.keys.events);
            if (master != null) { // else the slot has no master now: the periodic full read retries
                wanted.get(master.address()).add(t);
            }
        }
        subscribers.entrySet().removeIf(e -> {
            boolean stale = !wanted.containsKey(e.getKey())
                    || !e.getValue().conn.isOpen()
                    || !e.getValue().node.equals(nodes.get(e.getKey()));
            if (stale) {
                e.getValue().conn.close();
            }
            return stale;
        });
        List<RunTail> fresh = new ArrayList<>();
        List<RedisFuture<Void>> replies = new ArrayList<>();
        for (Map.Entry<String, List<RunTail>> e : wanted.entrySet()) {
            Subscriber s = subscribers.computeIfAbsent(e.getKey(), a -> new Subscriber(nodes.get(a)));
            Set<String> keep = new HashSet<>();
            for (RunTail t : e.getValue()) {
                keep.add(t.keys.news);
                if (s.channels.add(t.keys.news)) {
                    replies.add(s.conn.async().ssubscribe(t.keys.news)); // one slot per command
                    fresh.add(t);
                }
            }
            for (String gone : new ArrayList<>(s.channels)) {
                if (!keep.contains(gone)) {
                    s.channels.remove(gone);
                    replies.add(s.conn.async().sunsubscribe(gone));
                }
            }
        }
        await(replies, "SSUBSCRIBE");
        return fresh;
    }

    @SuppressWarnings("unchecked")
    private List<StreamMessage<String, String>> readAll(Set<RunTail> due) {
        List<RedisFuture<List<StreamMessage<String, String>>>> replies = new ArrayList<>(due.size());
        for (RunTail t : due) {
            replies.add(shared.xread(
                    XReadArgs.Builder.count(RunTail.CACHE / 2),
                    XReadArgs.StreamOffset.from(t.keys.events, t.cursor())));
        }
        List<StreamMessage<String, String>> out = new ArrayList<>();
        for (List<StreamMessage<String, String>> got : await(replies, "XREAD")) {
            if (got != null) {
                out.addAll(got);
            }
        }
        return out;
    }

    private <T> List<T> await(List<RedisFuture<T>> replies, String what) {
        List<T> out = new ArrayList<>(replies.size());
        BoundedReplies.Batch pipelined = this.replies.batch();
        for (RedisFuture<T> f : replies) {
            out.add(pipelined.await(what, f));
        }
        return out;
    }

    private void signal() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    @Override
    public void written(RunId run) {
        announced.add(run);
        signal();
    }

    @Override
    public void wake() {
        woken = true;
        signal();
    }

    @Override
    public void reset() {
        subscribers.values().forEach(s -> s.conn.close());
        subscribers.clear();
        try {
            connector.refreshTopology();
        } catch (RuntimeException e) {
            // the next read reports what is wrong
        }
    }

    @Override
    public int connections() {
        return subscribers.size();
    }
}
