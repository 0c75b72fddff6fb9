package dev.arena.server;

import dev.arena.broker.Envelope;
import dev.arena.broker.RunId;
import dev.arena.store.RunStore;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A reader's place in the store's copy of one run, read a page at a time so a long read never holds
 * more than one page. {@link #poll()} hands out the envelope at the next seq only when the store has
 * exactly that seq, so a seq the store lacks (not archived yet, or trimmed before it was) stops it
 * instead of being skipped; {@link #pollStored()} hands out whatever the store holds next. Used by
 * one thread at a time.
 */
final class StorePages {

    /** Events per page of a catch-up that goes on in the broker: memory per reader is one page. */
    static final int CATCH_UP_PAGE = 512;

    /**
     * Events per page of a finished run read from the store alone: large enough that a query's fixed cost (a few ms
     * on DuckDB) is spread thin (docs/benchmarks.md, "Tiered history"), small enough that a reader holds ~1 MB.
     */
    static final int ARCHIVE_PAGE = 2048;

    private final RunStore store;
    private final RunId run;
    private final int pageSize;
    private final Deque<Envelope> page = new ArrayDeque<>();
    private long next;

    StorePages(RunStore store, RunId run, long fromSeq, int pageSize) {
        this.store = store;
        this.run = run;
        this.next = fromSeq;
        this.pageSize = pageSize;
    }

    /** The seq the next {@link #poll()} looks for. */
    long next() {
        return next;
    }

    /** The envelope at {@link #next()}, or null when the store does not have that seq (yet). */
    Envelope poll() {
        fill();
        Envelope e = page.peek();
        if (e == null || e.seq() != next) {
            page.clear(); // a gap: read again from `next` when asked next
            return null;
        }
        page.poll();
        next = e.seq() + 1;
        return e;
    }

    /** The first envelope the store holds at or after {@link #next()}, or null when it holds none. */
    Envelope pollStored() {
        fill();
        Envelope e = page.poll();
        if (e != null) {
            next = e.seq() + 1;
        }
        return e;
    }

    private void fill() {
        if (page.isEmpty()) {
            page.addAll(store.events(run, next, pageSize));
        }
    }

    /** Continues at {@code seq} (another tier served what came before). */
    void seek(long seq) {
        if (seq != next) {
            page.clear();
            next = seq;
        }
    }

    /** The lowest seq at or after {@code seq} that the store holds, or 0 when it holds none. */
    long firstStoredFrom(long seq) {
        List<Envelope> first = store.events(run, seq, 1);
        return first.isEmpty() ? 0 : first.get(0).seq();
    }

    void clear() {
        page.clear();
    }
}
