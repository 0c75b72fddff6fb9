package dev.arena.server;

import dev.arena.broker.BrokerOverflowException;
import dev.arena.broker.Envelope;
import dev.arena.broker.RunId;
import dev.arena.store.RunStore;

/**
 * The cold path: a finished run read from the store in pages ({@link StorePages}), always ready.
 * Asking for a seq older than the first persisted one surfaces as overflow, exactly like the broker.
 */
final class ArchiveSource implements StreamSource {

    private final RunStore store;
    private final RunId run;
    private final StorePages pages;
    private boolean checked;
    private volatile boolean finished;

    ArchiveSource(RunStore store, RunId run, long fromSeq) {
        this.store = store;
        this.run = run;
        this.pages = new StorePages(store, run, fromSeq, StorePages.ARCHIVE_PAGE);
    }

    @Override
    public Envelope poll() {
        if (finished) {
            return null;
        }
        if (!checked) {
            checked = true;
            long first = store.firstSeq(run);
            if (first > pages.next()) {
                finished = true;
                throw new BrokerOverflowException(run, pages.next(), first);
            }
        }
        Envelope e = pages.pollStored();
        if (e == null || e.isTerminal()) {
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
        pages.clear();
    }
}
