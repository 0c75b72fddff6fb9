package dev.arena.server;

import dev.arena.broker.Envelope;
import dev.arena.broker.RunId;
import dev.arena.store.RunStore;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A reader's place in the store's copy of one run, read a page at a time so a long catch-up never holds
 * more than one page: it hands out the envelope at the next seq only when the store has exactly that
 * seq, so a seq the store lacks (not archived yet, or trimmed before it was) stops it instead of being
 * skipped. Used by one thread at a time.
 */
final class StorePages {

    static final int PAGE = 512;

    private final RunStore store;
    private final RunId run;
    private final Deque<Envelope> page = new ArrayDeque<>();
    private long next;

    StorePages(RunStore store, RunId run, long fromSeq) {
        this.store = store;
        this.run = run;
        this.next = fromSeq;
    }

    /** The seq the next {@link #poll()} looks for. */
    long next() {
        return next;
    }

    /** The envelope at {@link #next()}, or null when the store does not have that seq (yet). */
    Envelope poll() {
        if (page.isEmpty()) {
            page.addAll(store.events(run, next, PAGE));
        }
        Envelope e = page.peek();
        if (e == null || e.seq() != next) {
            page.clear(); // a gap: read again from `next` when asked next
            return null;
        }
        page.poll();
        next = e.seq() + 1;
        return e;
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
