package dev.arena.server;

import dev.arena.broker.Envelope;
import dev.arena.broker.RunId;
import dev.arena.store.RunStore;
import dev.arena.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Pages of a run's stored events shared by every reader catching up on it. A reader that falls out of
 * the broker's retention continues from the store's copy; read alone, each such reader parsed every
 * envelope itself, several times what a live delivery costs, so under load a late reader stayed late
 * (docs/benchmarks.md, "A WebSocket reader as light as the SSE one"). Shared, the readers of a run read
 * and parse a page once, and get the same envelope objects, so the frame caches serve them too.
 *
 * <p>A page is the store's events {@code [start, start + PAGE)} with {@code start} aligned on
 * {@link #PAGE} (seqs count from 1); a read from inside a page reads to its end only, so a reader's next
 * read is aligned. A page is kept only when complete (every seq of it, in order): stored events never
 * change, so a complete page is the same for every reader; the newest, incomplete page is read each time
 * as before. A small fixed table indexed by (run, page) — consecutive pages of a run never collide — where
 * a collision overwrites and a page older than {@code maxAge} is read again, so memory stays bounded.
 */
final class SharedPages {

    static final int PAGE = 512;

    private record Page(RunId run, long start, List<Envelope> events, long readAtNanos) {}

    private final AtomicReferenceArray<Page> slots;
    private final int mask;
    private final Ticker ticker;
    private final long maxAgeNanos;

    /** @param slots a power of two */
    SharedPages(int slots, Duration maxAge, Ticker ticker) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two, got " + slots);
        }
        this.slots = new AtomicReferenceArray<>(slots);
        this.mask = slots - 1;
        this.ticker = ticker;
        this.maxAgeNanos = maxAge.toNanos();
    }

    /**
     * The store's events of {@code run} from {@code from} up to the end of its page, in seq order; fewer when
     * the store lacks some (the caller stops at a gap, as with any page).
     */
    List<Envelope> events(RunStore store, RunId run, long from) {
        if (from < 1) {
            return store.events(run, from, PAGE);
        }
        long start = from - (from - 1) % PAGE;
        if (from != start) {
            return store.events(run, from, (int) (start + PAGE - from));
        }
        int slot = (int) ((run.hashCode() + (start - 1) / PAGE) & mask);
        long now = ticker.nanos();
        Page p = slots.get(slot);
        if (p != null && p.start == start && p.run.equals(run) && now - p.readAtNanos <= maxAgeNanos) {
            return p.events;
        }
        List<Envelope> events = List.copyOf(store.events(run, start, PAGE));
        if (complete(events, start)) {
            slots.set(slot, new Page(run, start, events, now));
        }
        return events;
    }

    private static boolean complete(List<Envelope> events, long start) {
        if (events.size() != PAGE) {
            return false;
        }
        for (int i = 0; i < PAGE; i++) {
            if (events.get(i).seq() != start + i) {
                return false;
            }
        }
        return true;
    }
}
