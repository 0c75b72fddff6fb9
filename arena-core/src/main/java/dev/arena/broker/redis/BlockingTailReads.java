package dev.arena.broker.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.UnblockType;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One Redis: a single {@code XREAD BLOCK} over every watched stream on a dedicated connection. A
 * blocked read is never abandoned: it ends by its own timeout or by {@code CLIENT UNBLOCK}, sent
 * from the shared connection when the set of runs changes.
 */
final class BlockingTailReads implements TailReads {

    private final Supplier<StatefulRedisConnection<String, String>> connector;
    private final RedisClusterAsyncCommands<String, String> shared;
    private final ScheduledExecutorService timer;
    private final long blockMs;
    private final AtomicBoolean changed = new AtomicBoolean();
    private volatile long clientId = -1;
    private volatile boolean closing;
    private StatefulRedisConnection<String, String> conn;

    BlockingTailReads(
            Supplier<StatefulRedisConnection<String, String>> connector,
            RedisClusterAsyncCommands<String, String> shared,
            ScheduledExecutorService timer,
            long blockMs) {
        this.connector = connector;
        this.shared = shared;
        this.timer = timer;
        this.blockMs = blockMs;
    }

    @Override
    public void prepare() {
        if (conn == null) {
            conn = connector.get();
            conn.setTimeout(Duration.ofMillis(blockMs + 10_000));
            clientId = conn.sync().clientId();
        }
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"}) // Lettuce takes a generic varargs array
    public List<StreamMessage<String, String>> read(List<RunTail> active) {
        prepare();
        changed.set(false);
        XReadArgs.StreamOffset<String>[] offsets = new XReadArgs.StreamOffset[active.size()];
        for (int i = 0; i < active.size(); i++) {
            RunTail t = active.get(i);
            offsets[i] = XReadArgs.StreamOffset.from(t.keys.events, t.cursor());
        }
        List<StreamMessage<String, String>> got =
                conn.sync().xread(XReadArgs.Builder.block(blockMs).count(RunTail.CACHE / 2), offsets);
        return got == null ? List.of() : got;
    }

    @Override
    public void wake() {
        changed.set(true);
        unblock(0);
    }

    private void unblock(int attempt) {
        long id = clientId;
        if (id < 0 || !changed.get() || closing) {
            return;
        }
        RedisFuture<Long> f = shared.clientUnblock(id, UnblockType.TIMEOUT);
        f.whenComplete((n, error) -> {
            // 0: the XREAD was not blocked yet; retry briefly while the change is still unseen.
            if ((error != null || n == 0) && changed.get() && attempt < 50 && !closing) {
                try {
                    timer.schedule(() -> unblock(attempt + 1), 20, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException stopping) {
                    // the broker is closing
                }
            }
        });
    }

    @Override
    public void reset() {
        clientId = -1;
        if (conn != null) {
            conn.close();
            conn = null;
        }
    }

    /** Stops unblock retries; the tailer calls {@link #reset()} last. */
    void closing() {
        closing = true;
    }

    @Override
    public int connections() {
        return conn == null ? 0 : 1;
    }
}
