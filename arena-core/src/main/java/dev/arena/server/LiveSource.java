package dev.arena.server;

import dev.arena.broker.Envelope;
import dev.arena.broker.Subscription;

/** A stream source over a broker subscription (history, then live tail, merged by seq). */
final class LiveSource implements StreamSource {

    private final Subscription subscription;

    LiveSource(Subscription subscription) {
        this.subscription = subscription;
    }

    @Override
    public Envelope poll() {
        return subscription.poll();
    }

    @Override
    public boolean isFinished() {
        return subscription.isFinished();
    }

    @Override
    public void onReady(Runnable callback) {
        subscription.onReady(callback);
    }

    @Override
    public void evict() {
        subscription.evict();
    }

    @Override
    public void close() {
        subscription.close();
    }
}
