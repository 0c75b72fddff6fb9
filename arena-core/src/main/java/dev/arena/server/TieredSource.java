package dev.arena.server;

import dev.arena.broker.BrokerOverflowException;
import dev.arena.broker.Envelope;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.Subscription;
import dev.arena.broker.UnknownRunException;
import dev.arena.store.RunStore;
import dev.arena.store.StoredRun;

/**
 * One read path over both tiers of a run (docs/design.md, "Tiered history"): the store for what the broker
 * no longer retains, then the broker's subscription (history, then live tail) from the first seq the store
 * does not have yet — and back to the store whenever the broker has let the next seq go (trimmed, or the
 * run lost) while the store has it. Each switch happens at the exact next seq, so the reader sees no gap
 * and no duplicate. Only a seq that neither tier holds ends the stream: {@code trimmed} naming the oldest
 * seq either tier still has after it, or {@code lost} naming the first seq that is gone for good.
 *
 * <p>Used by one thread at a time (the reader's pump); {@link #close()} may come from any.
 */
final class TieredSource implements StreamSource {

    private final EventBroker broker;
    private final RunStore store;
    private final RunId run;
    private final StorePages stored;
    /** Null while reading the store. */
    private volatile Subscription live;

    private volatile boolean finished;

    private TieredSource(EventBroker broker, RunStore store, RunId run, long fromSeq) {
        this.broker = broker;
        this.store = store;
        this.run = run;
        this.stored = new StorePages(store, run, fromSeq);
    }

    /** Reads {@code run} from {@code fromSeq}, starting in the store. */
    static TieredSource fromStore(EventBroker broker, RunStore store, RunId run, long fromSeq) {
        return new TieredSource(broker, store, run, fromSeq);
    }

    /**
     * Reads {@code run} from {@code fromSeq}, starting with the broker, which retains that seq.
     *
     * @throws UnknownRunException when the broker has dropped the run
     */
    static TieredSource fromBroker(EventBroker broker, RunStore store, RunId run, long fromSeq) {
        TieredSource source = new TieredSource(broker, store, run, fromSeq);
        source.live = broker.subscribe(run, fromSeq);
        return source;
    }

    @Override
    public Envelope poll() {
        if (finished) {
            return null;
        }
        while (true) {
            Subscription sub = live;
            if (sub == null) {
                Envelope e = stored.poll();
                if (e != null) {
                    if (e.isTerminal()) {
                        finished = true;
                    }
                    return e;
                }
                sub = subscribeAt(stored.next());
                if (sub == null) {
                    return null;
                }
            }
            try {
                Envelope e = sub.poll();
                if (e != null) {
                    stored.seek(e.seq() + 1);
                }
                return e;
            } catch (BrokerOverflowException gone) {
                long next = gone.requested();
                long inStore = stored.firstStoredFrom(next);
                if (inStore != next) {
                    throw neitherTierHas(gone, inStore);
                }
                sub.close(); // the store has it: read on from there
                live = null;
                stored.seek(next);
            }
        }
    }

    /** The broker's subscription from {@code next}, the first seq the store does not hold yet; null when finished. */
    private Subscription subscribeAt(long next) {
        Subscription sub;
        try {
            sub = broker.subscribe(run, next);
        } catch (UnknownRunException dropped) {
            if (store.run(run).filter(StoredRun::isFinished).isPresent()) {
                finished = true; // ended and dropped, stored without its terminal event: the feed says so
                return null;
            }
            // the broker let an open run go while the store lacks `next`: those events will never be served
            throw BrokerOverflowException.lost(run, next);
        }
        if (finished) { // closed meanwhile
            sub.close();
            return null;
        }
        live = sub;
        return sub;
    }

    private BrokerOverflowException neitherTierHas(BrokerOverflowException gone, long inStore) {
        if (gone.isLost()) {
            return gone; // after the store's part: the first seq that is gone
        }
        long from = inStore > 0 && inStore < gone.availableFrom() ? inStore : gone.availableFrom();
        return new BrokerOverflowException(run, gone.requested(), from);
    }

    @Override
    public boolean isFinished() {
        Subscription sub = live;
        return finished || (sub != null && sub.isFinished());
    }

    @Override
    public void onReady(Runnable callback) {
        Subscription sub = live;
        if (sub == null || finished) {
            callback.run(); // the store is always ready
        } else {
            sub.onReady(callback);
        }
    }

    @Override
    public void evict() {
        Subscription sub = live;
        if (sub != null) {
            sub.evict();
        }
        close();
    }

    @Override
    public void close() {
        finished = true;
        Subscription sub = live;
        if (sub != null) {
            sub.close();
        }
        stored.clear();
    }
}
