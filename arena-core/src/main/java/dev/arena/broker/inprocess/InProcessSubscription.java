package dev.arena.broker.inprocess;

import dev.arena.broker.BrokerOverflowException;
import dev.arena.broker.Envelope;
import dev.arena.broker.RunId;
import dev.arena.broker.Subscription;
import dev.arena.broker.Wakeup;
import java.util.concurrent.atomic.AtomicBoolean;

/** A cursor over one {@link RunLog}; wakes its consumer through a one-shot callback, never by polling. */
final class InProcessSubscription implements Subscription {

    private final RunLog log;
    private final InProcessEventBroker broker;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Wakeup wakeup;
    private volatile long next;
    private volatile boolean finished;

    InProcessSubscription(RunLog log, InProcessEventBroker broker, long fromSeq) {
        this.log = log;
        this.broker = broker;
        this.next = Math.max(1, fromSeq);
        this.wakeup = new Wakeup(log.id);
        log.subscribed(1);
    }

    @Override
    public RunId run() {
        return log.id;
    }

    @Override
    public long nextSeq() {
        return next;
    }

    @Override
    public Envelope poll() {
        if (finished) {
            return null;
        }
        Envelope e;
        try {
            e = log.get(next);
        } catch (BrokerOverflowException overflow) {
            finish();
            broker.countDropped();
            throw overflow;
        }
        if (e == null) {
            return null;
        }
        next = e.seq() + 1;
        broker.countStreamed();
        if (e.isTerminal()) {
            finish();
        }
        return e;
    }

    @Override
    public boolean isFinished() {
        return finished;
    }

    @Override
    public void onReady(Runnable cb) {
        if (finished) {
            cb.run();
            return;
        }
        wakeup.arm(cb);
        if (!log.awaitMore(this, next) || finished) {
            fire();
        }
    }

    /** Runs and clears the pending callback, if any. */
    void fire() {
        wakeup.fire();
    }

    @Override
    public void evict() {
        if (!finished) {
            broker.countDropped();
        }
        close();
    }

    @Override
    public void close() {
        finish();
        fire();
    }

    private void finish() {
        finished = true;
        if (closed.compareAndSet(false, true)) {
            log.subscribed(-1);
            broker.unsubscribed(this);
        }
    }
}
