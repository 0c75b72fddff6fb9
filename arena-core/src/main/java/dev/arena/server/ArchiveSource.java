package dev.arena.server;

import dev.arena.broker.BrokerOverflowException;
import dev.arena.broker.Envelope;
import dev.arena.broker.RunId;
import dev.arena.store.RunStore;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The cold path: a finished run read from the store in pages, always ready. Asking for a seq older
 * than the first persisted one surfaces as overflow, exactly like the broker.
 */
final class ArchiveSource implements StreamSource {

    /**
     * Events read from the store at a time: large enough that a query's fixed cost (a few ms on DuckDB) is
     * spread thin (docs/benchmarks.md, "Tiered history"), small enough that a reader holds ~1 MB.
     */
    private static final int PAGE = 2048;

    private final RunStore store;
    private final RunId run;
    private final Deque<Envelope> page = new ArrayDeque<>();
    private long next;
    private boolean checked;
    private volatile boolean finished;

    ArchiveSource(RunStore store, RunId run, long fromSeq) {
        this.store = store;
        this.run = run;
        this.next = fromSeq;
    }

    @Override
    public Envelope poll() {
        if (finished) {
            return null;
        }
        if (!checked) {
            checked = true;
            long first = store.firstSeq(run);
            if (first > next) {
                finished = true;
                throw new BrokerOverflowException(run, next, first);
            }
        }
        if (page.isEmpty()) {
            page.addAll(store.events(run, next, PAGE));
            if (page.isEmpty()) {
                finished = true;
                return null;
            }
        }
        Envelope e = page.poll();
        next = e.seq() + 1;
        if (e.isTerminal()) {
            finished = true;
        }
        return e;
    }

    @Override
    public boolean isFinished() {
        return finished;
    }

    @Override
    public void onReady(Runnable callback) {
        callback.run();
    }

    @Override
    public void evict() {
        close();
    }

    @Override
    public void close() {
        finished = true;
        page.clear();
    }
}
